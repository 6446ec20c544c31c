import type { STATUS_CODES as StatusCodes } from 'node:http';
import { createRequire } from 'node:module';

// node:http is loaded on the first status worded, not at start: `inspect` reading the store never needs it,
// and loading it costs ~10 ms of every command's start-up.
let statusCodes: typeof StatusCodes | undefined;

/** An HTTP status code with its standard phrase (`404 Not Found`), or the bare code when it has none. */
export function httpStatusLine(code: number): string {
  statusCodes ??= (createRequire(import.meta.url)('node:http') as { STATUS_CODES: typeof StatusCodes }).STATUS_CODES;
  const phrase = statusCodes[code];
  return phrase ? `${code} ${phrase}` : String(code);
}
