import { priceTable } from '../core/model/price-table.js';
import type { CommandArgs, CommandIo } from './command-types.js';
import { runInspect } from './inspect.js';
import { storeSetting } from './wiring/store-setting.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig, numberFlag, withCommandExit } from './wiring/load-command-config.js';

/** `jamjet inspect [<id>]`: maps flags and config onto runInspect. */
export async function runInspectCommand(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    if (args.input.length > 1) throw new CommandExit(`jamjet inspect: one execution id expected, got ${args.input.length}`, EXIT_USAGE);
    const config = await loadCommandConfig(args.flags, io);
    const f = args.flags;
    const isTTY = io.stdout.isTTY === true;
    return runInspect(
      {
        id: args.input[0],
        events: f.events === true,
        state: f.state === true,
        json: f.json === true,
        status: f.status as string | undefined,
        workflow: f.workflow as string | undefined,
        since: f.since as string | undefined,
        limit: numberFlag(f, 'limit', 1, 1_000_000),
        db: config.db,
        fallbackDb: config.dbOrigin === 'default' ? config.dbFallback : undefined,
        storeSetting: (path) => storeSetting(config, path),
        urls: config.urls,
        token: config.token,
        color: isTTY && config.color,
        width: io.stdout.columns || 100,
        isTTY,
        prices: priceTable(config.pricing),
      },
      io,
    );
  });
}
