import { startSim, type SimHandle } from '../core/sim/sim-server.js';
import type { SimFaults } from '../core/sim/sim-stream.js';
import { SimStateError } from '../core/sim/sim-state-file.js';

/** Flags of `jamjet sim` (already validated by the CLI wiring). */
export interface SimFlags {
  port: number;
  seed: number;
  rate: number;
  executions?: number;
  token?: string;
  /** A token with the runtime's viewer role: reads pass, the write routes answer 403. */
  viewerToken?: string;
  speed?: number;
  /** Fault injection on every websocket connection (for tests of clients). */
  faults?: SimFaults;
  /** Keep the workload's position in this file and continue from it (a killed sim restarts where it was). */
  stateFile?: string;
}

/** Where `jamjet sim` writes, and (for tests) the signal source it waits on. */
export interface SimIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Defaults to `process`; resolves the run on SIGINT or SIGTERM. */
  signals?: Pick<NodeJS.EventEmitter, 'once' | 'off'>;
}

/** Runs the demo runtime until SIGINT/SIGTERM: 0 after a clean close, 2 when the port cannot be bound. */
export async function runSim(flags: SimFlags, io: SimIo): Promise<number> {
  let sim: SimHandle;
  try {
    sim = await startSim({ port: flags.port, seed: flags.seed, rate: flags.rate, executions: flags.executions, token: flags.token, viewerToken: flags.viewerToken, speed: flags.speed, faults: flags.faults, stateFile: flags.stateFile });
  } catch (err) {
    if (err instanceof SimStateError) {
      io.stderr.write(`jamjet sim: ${err.message}\n`);
      return 2;
    }
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'needs privileges to bind' : `cannot be bound (${(err as Error).message})`;
    io.stderr.write(`jamjet sim: port ${flags.port} ${why}; pick another with --port N (0 = any free port)\n`);
    return 2;
  }
  // The token is never printed: only whether one is required.
  io.stdout.write(`jamjet sim: listening on ${sim.httpUrl} (stream ${sim.wsUrl}), seed ${flags.seed}\n`);
  if (flags.stateFile !== undefined) {
    const at = sim.runtime.lastCursor();
    io.stdout.write(`jamjet sim: state in ${flags.stateFile}: ${at > 0 ? `continuing from cursor ${at}` : 'new workload'}\n`);
  }
  const faults = Object.entries(flags.faults ?? {}).filter(([, n]) => n !== undefined);
  if (faults.length > 0) io.stdout.write(`jamjet sim: injecting faults: ${faults.map(([k, n]) => `${k}=${n}`).join(', ')}\n`);
  const signals = io.signals ?? process;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      signals.off('SIGINT', done);
      signals.off('SIGTERM', done);
      resolve();
    };
    signals.once('SIGINT', done);
    signals.once('SIGTERM', done);
  });
  await sim.close();
  return 0;
}
