// Module customisation hooks (they run on the loader's own thread): each ES module's URL, one a line, to a file.
import { appendFileSync } from 'node:fs';

let log: string | undefined;

/** Receives the log file's path from module-log.ts. */
export function initialize(data: { log?: string | undefined }): void {
  log = data.log;
}

/** Logs the URL, then loads as usual. */
export async function load(url: string, context: object, next: (url: string, context: object) => Promise<unknown>): Promise<unknown> {
  if (log !== undefined) appendFileSync(log, `${url}\n`);
  return next(url, context);
}
