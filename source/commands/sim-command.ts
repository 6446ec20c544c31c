import { runSim } from './sim.js';
import type { CommandArgs, CommandIo } from './command-types.js';
import { numberFlag, withCommandExit } from './wiring/load-command-config.js';

/** `jamjet sim`: checks the flags, then runs the demo runtime until SIGINT/SIGTERM. */
export async function runSimCommand(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const flags = args.flags;
    return runSim(
      {
        port: numberFlag(flags, 'port', 0, 65535) ?? 7700,
        seed: numberFlag(flags, 'seed', 0, 2 ** 32 - 1) ?? 42,
        rate: numberFlag(flags, 'rate', 0.001, 10_000) ?? 2,
        executions: numberFlag(flags, 'executions', 1, 1e9),
        token: flags.token as string | undefined,
        viewerToken: flags.viewerToken as string | undefined,
        speed: numberFlag(flags, 'speed', 0.001, 10_000),
        stateFile: flags.stateFile as string | undefined,
        faults: {
          dropEveryEvents: numberFlag(flags, 'dropEvery', 1, 1e9),
          malformedEvery: numberFlag(flags, 'malformedEvery', 1, 1e9),
          duplicateEvery: numberFlag(flags, 'duplicateEvery', 1, 1e9),
        },
      },
      io,
    );
  });
}
