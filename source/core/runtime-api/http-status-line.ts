import { STATUS_CODES } from 'node:http';

/** An HTTP status code with its standard phrase (`404 Not Found`), or the bare code when it has none. */
export function httpStatusLine(code: number): string {
  const phrase = STATUS_CODES[code];
  return phrase ? `${code} ${phrase}` : String(code);
}
