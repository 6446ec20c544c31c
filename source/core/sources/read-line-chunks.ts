import { StringDecoder } from 'node:string_decoder';
import { rejectionExcerpt } from '../decode/rejection-excerpt.js';

/**
 * One line read from a stream: its text (without `\n` / `\r\n`), or, when it was over the cap, its length
 * and an excerpt of its start (for the Sources pane).
 */
export type LineItem = { readonly text: string } | { readonly tooLong: number; readonly head: string };

/**
 * Splits a byte or text stream into lines, yielding the lines each chunk completed. A line longer than
 * `maxChars` is never held in memory: once over the cap its remaining characters are counted, not kept.
 */
export async function* readLineChunks(stream: AsyncIterable<Buffer | string>, maxChars: number): AsyncGenerator<LineItem[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  // Length of the over-long line being skipped, or -1 when not skipping.
  let skipped = -1;
  // The start of the line being skipped, cut once when skipping begins.
  let head = '';
  const take = (text: string, out: LineItem[]): void => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (skipped >= 0) {
        out.push({ tooLong: skipped + piece.length, head });
        skipped = -1;
        continue;
      }
      const line = pending.length > 0 ? pending + piece : piece;
      pending = '';
      if (line.length > maxChars) out.push({ tooLong: line.length, head: rejectionExcerpt(line) });
      else out.push({ text: line.endsWith('\r') ? line.slice(0, -1) : line });
    }
    const rest = text.slice(start);
    if (skipped >= 0) {
      skipped += rest.length;
    } else {
      pending += rest;
      if (pending.length > maxChars) {
        skipped = pending.length;
        head = rejectionExcerpt(pending);
        pending = '';
      }
    }
  };
  for await (const chunk of stream) {
    const out: LineItem[] = [];
    take(typeof chunk === 'string' ? chunk : decoder.write(chunk), out);
    if (out.length > 0) yield out;
  }
  const out: LineItem[] = [];
  take(decoder.end(), out);
  // A last line without a trailing newline still counts.
  if (skipped >= 0) out.push({ tooLong: skipped, head });
  else if (pending.length > 0) out.push({ text: pending.endsWith('\r') ? pending.slice(0, -1) : pending });
  if (out.length > 0) yield out;
}
