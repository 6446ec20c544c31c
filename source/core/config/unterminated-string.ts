// smol-toml reports a string left open at the end of its line as "control characters are not allowed
// in strings" (the line break is the control character). This tells that case apart from a real one.

/**
 * The 1-based column of the quote that opens a one-line string still open where a line ends, when
 * `line`:`column` (1-based) is that line's break; undefined for anything else (a real control character).
 */
export function unterminatedStringAt(text: string, line: number, column: number): number | undefined {
  const lines = text.split('\n');
  const row = lines[line - 1];
  if (row === undefined) return undefined;
  // The error must sit on the line break itself: "\n", or the "\r" of "\r\n".
  const body = row.endsWith('\r') ? row.slice(0, -1) : row;
  if (column !== body.length + 1 || line >= lines.length) return undefined;
  return openQuoteColumn(body);
}

/** Scans one line as TOML does: the column of a basic or literal string left open at its end, if any. */
function openQuoteColumn(body: string): number | undefined {
  let open: { quote: string; at: number } | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (open === undefined) {
      if (c === '#') return undefined;
      if (c !== '"' && c !== "'") continue;
      // A multi-line string may hold line breaks: it is never the case here.
      if (body.startsWith(c.repeat(3), i)) return undefined;
      open = { quote: c, at: i + 1 };
    } else if (open.quote === '"' && c === '\\') {
      i++;
    } else if (c === open.quote) {
      open = undefined;
    }
  }
  return open?.at;
}
