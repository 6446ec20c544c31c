/**
 * Code points that must never reach the terminal as themselves: C0 controls, DEL, C1 controls (0x9b is
 * a one-byte CSI), bidi embeddings/overrides/isolates and marks (they reorder what follows: "Trojan
 * Source"), zero-width characters and line/paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Default cap on sanitised text, so one huge error message cannot flood a line or a log. */
export const MAX_SANITISED_LENGTH = 2000;

/**
 * Makes text that came off the wire safe to print: every control character, escape sequence, bidi
 * override and line break is shown escaped (`\x1b`, `\n`, `\u202e`), never emitted; then the result is
 * cut to `maxLen` characters with a trailing `…`.
 */
export function sanitise(text: unknown, maxLen: number = MAX_SANITISED_LENGTH): string {
  const raw = typeof text === 'string' ? text : String(text);
  // Only lone surrogates reach the callback for the surrogate range: the `u` flag keeps pairs whole.
  const escaped = raw.replace(UNSAFE, (ch) => NAMED[ch] ?? escapeCodePoint(ch.codePointAt(0) ?? 0));
  return cutChars(escaped, maxLen);
}

function escapeCodePoint(cp: number): string {
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

function cutChars(text: string, maxLen: number): string {
  if (maxLen <= 0) return '';
  if (text.length <= maxLen) return text;
  const chars = Array.from(text);
  if (chars.length <= maxLen) return text;
  return `${chars.slice(0, maxLen - 1).join('')}…`;
}
