// Maps an offset inside a YAML scalar's value to an offset in the file, so an error found at column 9
// of an expression (or a template) points at that character even inside a `|` or `>` block.
import { Scalar } from 'yaml';

/** The file offset of character `offset` of the scalar's value; the scalar's start when it cannot be mapped. */
export function scalarOffsetInFile(node: Scalar, offset: number, text: string): number {
  const start = node.range?.[0] ?? 0;
  const value = String(node.value);
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) return blockOffset(node, value, offset, text) ?? start;
  const quote = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  // Written as read (no escapes, no folded lines): characters line up one to one.
  if (text.slice(start + quote, start + quote + value.length) === value) return start + quote + offset;
  return start;
}

function blockOffset(node: Scalar, value: string, offset: number, text: string): number | undefined {
  const [start = 0, end = text.length] = node.range ?? [];
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return undefined;
  const lines: { at: number; body: string }[] = [];
  for (let at = headerEnd + 1; at < end; ) {
    const nl = text.indexOf('\n', at);
    const lineEnd = nl < 0 || nl > end ? end : nl;
    lines.push({ at, body: text.slice(at, lineEnd) });
    at = lineEnd + 1;
  }
  const first = lines.find((l) => l.body.trim() !== '');
  if (first === undefined) return undefined;
  const indent = first.body.length - first.body.trimStart().length;
  const folded = node.type === Scalar.BLOCK_FOLDED;
  let pos = 0;
  let blanks = 0;
  let seenText = false;
  for (const line of lines) {
    const body = line.body.slice(Math.min(indent, line.body.length));
    if (body.trim() === '' && folded) {
      blanks++;
      continue;
    }
    // A folded block joins lines with one space, or keeps the blank lines' newlines instead.
    if (folded && seenText) pos += blanks === 0 ? 1 : blanks;
    else if (folded) pos += blanks;
    blanks = 0;
    if (offset >= pos && offset <= pos + body.length) return line.at + Math.min(indent, line.body.length) + (offset - pos);
    pos += body.length + (folded ? 0 : 1);
    seenText = true;
  }
  return value.length === offset ? end : undefined;
}
