// JSONL replay: one JamJet Event envelope per line, as `jamjet inspect --json` or a log export writes them.
import { decodeEnvelope, reject } from './decode-envelope.js';
import type { DecodeResult } from './event.js';

/** Longest line accepted, in UTF-16 code units (same bound as a stream frame). */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Decodes one JSONL line holding one envelope; blank lines are the caller's to skip; never throws. */
export function decodeJsonLine(line: string, maxChars: number = MAX_LINE_CHARS): DecodeResult {
  if (typeof line !== 'string') return reject('invalid_json', 'line: expected text');
  if (line.length > maxChars) return reject('frame_too_large', `line: ${line.length} chars exceeds the limit of ${maxChars}`);
  // A UTF-8 BOM survives decoding as U+FEFF on the first line of files written by some editors.
  const text = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return reject('invalid_json', 'line: not valid JSON');
  }
  return decodeEnvelope(value);
}
