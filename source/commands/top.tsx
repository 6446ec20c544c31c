import { render } from 'ink';
import { systemClock } from '../core/clock.js';
import { App } from '../view/app.js';
import type { CommandArgs, CommandIo } from './command-specs.js';
import { loadCommandConfig, numberFlag, withCommandExit } from './wiring/load-command-config.js';
import { startMonitor } from './wiring/start-monitor.js';

/** `jamjet top`: the live dashboard. */
export async function runTop(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const config = loadCommandConfig(args.flags, io);
    const speed = numberFlag(args.flags, 'speed', 0, 1e6);
    const clock = systemClock();
    let quit: () => void = () => undefined;
    const monitor = await startMonitor({ config, clock, stdin: io.stdin, speed, onQuit: () => quit() });
    const app = render(<App store={monitor.publisher} color={config.color} onQuit={() => quit()} />, {
      stdout: io.stdout,
      stdin: io.stdin,
      exitOnCtrlC: true,
      patchConsole: true,
    });
    quit = () => app.unmount();
    const stopSignals = (): void => app.unmount();
    process.once('SIGTERM', stopSignals);
    await app.waitUntilExit();
    process.off('SIGTERM', stopSignals);
    await monitor.stop();
    return 0;
  });
}
