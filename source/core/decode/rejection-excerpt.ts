// The raw text of what was rejected, kept small: the Sources pane shows the last few so a user can see what
// the runtime actually sent. Cut only on the rejected path, so accepted input never pays for it.
import type { DecodeResult, Rejection } from './event.js';

/** Longest excerpt of a rejected line, frame or envelope kept (UTF-16 units, the trailing `…` included). */
export const REJECTION_EXCERPT_CHARS = 240;

/**
 * The start of a rejected input as text: a string as it came, anything else (an envelope or a stream item
 * already parsed) as JSON; cut to `max` with a trailing `…`. Raw: sanitise it before it reaches a terminal.
 */
export function rejectionExcerpt(raw: unknown, max: number = REJECTION_EXCERPT_CHARS): string {
  const text = typeof raw === 'string' ? raw : boundedJson(raw, max + 1);
  return detach(cut(text, max));
}

/** The rejection with an excerpt of `raw` attached, unless it already has one. */
export function withExcerpt(rejection: Rejection, raw: unknown): Rejection {
  return rejection.excerpt !== undefined ? rejection : { ...rejection, excerpt: rejectionExcerpt(raw) };
}

/** A failed result gets an excerpt of `raw`; a decoded one is returned as is. */
export function excerptOnFailure(result: DecodeResult, raw: unknown): DecodeResult {
  return result.ok ? result : { ok: false, rejection: withExcerpt(result.rejection, raw) };
}

/** Cuts to `max` units with a trailing `…`, never leaving half a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * A flat copy: a slice of a 16 MiB frame would otherwise keep the whole frame alive for as long as the
 * excerpt is kept in a ring.
 */
function detach(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/**
 * JSON of `value` that stops once `limit` characters are written, so a huge rejected envelope costs no
 * more than its first few hundred characters. Each level writes a bracket, so recursion is bounded too.
 */
function boundedJson(value: unknown, limit: number): string {
  let out = '';
  const visit = (v: unknown): void => {
    if (out.length >= limit) return;
    if (typeof v === 'string') {
      out += JSON.stringify(v.length > limit ? v.slice(0, limit) : v);
    } else if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && out.length < limit; i++) {
        if (i > 0) out += ',';
        visit(v[i]);
      }
      out += ']';
    } else if (typeof v === 'object' && v !== null) {
      out += '{';
      let first = true;
      // for…in rather than Object.keys: an object with a million keys is not listed to show three.
      for (const key in v) {
        if (out.length >= limit) break;
        if (!Object.hasOwn(v, key)) continue;
        out += `${first ? '' : ','}${JSON.stringify(key.length > limit ? key.slice(0, limit) : key)}:`;
        first = false;
        visit((v as Record<string, unknown>)[key]);
      }
      out += '}';
    } else {
      out += typeof v === 'number' || typeof v === 'boolean' ? String(v) : 'null';
    }
  };
  visit(value);
  return out;
}
