import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { SimRuntime } from './sim-runtime.js';
import type { SimStats } from './sim-stats.js';
import { authError, createSimRouter, isViewer } from './sim-http.js';
import { serveStream, type SimFaults } from './sim-stream.js';
import { readSimState, SimStateError, stateMismatch, writeSimState, type SimState } from './sim-state-file.js';

/** Default heartbeat interval of the stream. */
export const SIM_HEARTBEAT_MS = 5_000;

/** How to run the embedded demo runtime; every field has a default. */
export interface SimOptions {
  /** 0 (default) = any free port. */
  port?: number;
  host?: string;
  seed?: number;
  rate?: number;
  executions?: number;
  speed?: number;
  /** Require `Authorization: Bearer <token>` on everything but /health. */
  token?: string;
  /** A second token with the runtime's `viewer` role: it reads, and its writes get the runtime's 403. */
  viewerToken?: string;
  clock?: Clock;
  /** Virtual start time of the workload (default: clock.now()). */
  startTime?: number;
  /** Workload already played at start (see SimRuntimeOptions.historyMs). */
  historyMs?: number;
  heartbeatMs?: number;
  /** Override SIM_STREAM_BUFFER_CAP (tests). */
  streamBufferCap?: number;
  /** Override SIM_FINISHED_EXECUTIONS_CAP (tests). */
  finishedExecutionsCap?: number;
  faults?: SimFaults;
  /**
   * Keep the workload's position here (sim-state-file.ts) and continue from it on start: a killed sim restarted
   * with the same file goes on with the same events, cursors and epoch. REST actions are refused (409) with it:
   * their events are not part of the seeded workload, so a restart could not regenerate them.
   */
  stateFile?: string;
}

/** Why a sim with a state file refuses cancel and approve. */
export const SIM_STATE_ACTIONS_REFUSAL = 'actions are off while the sim keeps a --state-file: their events could not be regenerated after a restart';

/** A running sim server. */
export interface SimHandle {
  port: number;
  httpUrl: string;
  wsUrl: string;
  stats(): SimStats;
  close(): Promise<void>;
  runtime: SimRuntime;
}

function refuse(socket: Duplex, status: number, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** Starts the sim: the runtime plus a loopback HTTP server with JamJet's REST routes and stream protocol v1 at /v1/events. */
export async function startSim(opts: SimOptions = {}): Promise<SimHandle> {
  const clock = opts.clock ?? systemClock();
  const stateFile = opts.stateFile;
  const saved = stateFile === undefined ? undefined : readSimState(stateFile);
  const workload = { seed: opts.seed ?? 42, rate: opts.rate ?? 2, executions: opts.executions ?? null };
  if (stateFile !== undefined && saved) {
    const why = stateMismatch(stateFile, saved, workload);
    if (why !== null) throw new SimStateError(why);
  }
  const epoch = saved?.epoch ?? randomBytes(8).toString('hex');
  let startTime = 0;
  const persist = stateFile === undefined ? undefined : (virtualTime: number, cursor: number): void => {
    const state: SimState = { version: 1, ...workload, startTime, virtualTime, cursor, epoch };
    writeSimState(stateFile, state);
  };
  const runtime = new SimRuntime({
    clock, seed: opts.seed, rate: opts.rate, executions: opts.executions, speed: opts.speed,
    startTime: saved?.startTime ?? opts.startTime, historyMs: saved ? 0 : opts.historyMs,
    streamBufferCap: opts.streamBufferCap, finishedExecutionsCap: opts.finishedExecutionsCap, onAdvance: persist,
  });
  startTime = runtime.workloadStart();
  if (saved && runtime.restoreTo(saved.virtualTime) !== saved.cursor) {
    throw new SimStateError(`${stateFile}: regenerating the workload did not reach cursor ${saved.cursor} (written by another version?); remove the file to start a new workload`);
  }
  const refusal = stateFile === undefined ? undefined : SIM_STATE_ACTIONS_REFUSAL;
  const server = createServer(createSimRouter(runtime, opts.token, opts.viewerToken, refusal));
  const wss = new WebSocketServer({ noServer: true });
  const streams = new Set<() => void>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname !== '/v1/events') return refuse(socket, 404, `no websocket at ${url.pathname}`);
    const err = isViewer(req.headers.authorization, opts.viewerToken) ? null : authError(req.headers.authorization, opts.token);
    if (err !== null) return refuse(socket, 401, err);
    const protocol = url.searchParams.get('protocol');
    if (protocol !== null && protocol !== '1') return refuse(socket, 400, `unsupported protocol ${protocol}; this server speaks 1`);
    const raw = url.searchParams.get('cursor');
    if (raw !== null && !/^\d+$/.test(raw)) return refuse(socket, 400, 'cursor must be a non-negative integer');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stop = serveStream(ws, {
        runtime, clock, epoch, heartbeatMs: opts.heartbeatMs ?? SIM_HEARTBEAT_MS,
        cursor: raw === null ? undefined : Number(raw), faults: opts.faults ?? {},
      });
      streams.add(stop);
      ws.on('close', () => streams.delete(stop));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  runtime.start();
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  return {
    port,
    httpUrl: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/v1/events`,
    stats: () => runtime.stats(),
    runtime,
    async close() {
      runtime.stop();
      for (const stop of streams) stop();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
