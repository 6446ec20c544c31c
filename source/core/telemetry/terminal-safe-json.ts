/**
 * Code points JSON.stringify (and pino) leave as themselves that a terminal acts on: DEL and the C1 controls
 * (0x9b is a one-byte CSI), bidi embeddings, overrides, isolates and marks, zero-width characters, line and
 * paragraph separators, the BOM, and lone surrogates (the `u` flag keeps pairs whole). C0 controls are
 * escaped by JSON already.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/gu;

/**
 * Rewrites the code points of {@link UNSAFE_IN_JSON} in JSON text as `\uXXXX` escapes. They can only stand
 * inside JSON strings, so the text stays valid JSON that parses to the same value, and printing it to a
 * terminal emits no control sequence and reorders nothing.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
