import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, parseDocument, type Scalar } from 'yaml';
import { scalarOffsetInFile } from '../../../../source/core/alerts/rules/scalar-offset.js';

/** The file text at the mapped offset of `needle` in the value of key `e`. */
function pointsAt(text: string, needle: string): string {
  const doc = parseDocument(text);
  const node = (isMap(doc.contents) ? doc.contents.get('e', true) : undefined) as Scalar;
  const offset = String(node.value).indexOf(needle);
  const at = scalarOffsetInFile(node, offset, text);
  return text.slice(at, at + needle.length);
}

test('maps value offsets to the file in plain, quoted, literal and folded scalars', () => {
  assert.equal(pointsAt('e: rate(x[5m]) > 1\n', '> 1'), '> 1');
  assert.equal(pointsAt("e: 'up == 0'\n", '== 0'), '== 0');
  assert.equal(pointsAt('e: |\n  a +\n\n    b *\n  c\n', 'c'), 'c');
  assert.equal(pointsAt('e: |\n  a +\n\n    b *\n  c\n', 'b *'), 'b *');
  assert.equal(pointsAt('e: >\n  a +\n  b\n\n  c d\n', 'c d'), 'c d');
  assert.equal(pointsAt('e: >\n  a +\n  b\n\n  c d\n', 'b'), 'b');
});

test('falls back to the scalar\'s start when escapes make columns differ', () => {
  const text = 'e: "a\\tb + c"\n';
  const doc = parseDocument(text);
  const node = (doc.contents as unknown as { get: (k: string, keep: true) => Scalar }).get('e', true);
  assert.equal(scalarOffsetInFile(node, 4, text), 3);
});
