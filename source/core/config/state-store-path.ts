import { isAbsolute, join } from 'node:path';

/**
 * Where `top` and `serve` keep their store when the default location (`.jamjet/top.db` in the working
 * folder) cannot be written: `$XDG_STATE_HOME/jamjet-top/top.db`, else `~/.local/state/jamjet-top/top.db`
 * (the XDG Base Directory spec's place for state that should outlive a restart). Undefined when the
 * environment names no home. A relative XDG_STATE_HOME is ignored, as the spec asks.
 */
export function stateStorePath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const xdg = env.XDG_STATE_HOME;
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'jamjet-top', 'top.db');
  const home = env.HOME;
  if (home !== undefined && home !== '' && isAbsolute(home)) return join(home, '.local', 'state', 'jamjet-top', 'top.db');
  return undefined;
}
