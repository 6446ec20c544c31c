import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { REJECTION_EXCERPT_CHARS } from '../../../source/core/decode/rejection-excerpt.js';
import { readLineChunks } from '../../../source/core/sources/read-line-chunks.js';
import type { LineItem } from '../../../source/core/sources/read-line-chunks.js';

async function collect(chunks: (string | Buffer)[], max = 100): Promise<LineItem[]> {
  const out: LineItem[] = [];
  for await (const items of readLineChunks(Readable.from(chunks, { objectMode: true }), max)) out.push(...items);
  return out;
}

describe('readLineChunks', () => {
  test('splits on newlines across chunk borders, strips CR and keeps a last line without newline', async () => {
    assert.deepEqual(await collect(['ab', 'c\r\nd', 'e\n\nf']), [{ text: 'abc' }, { text: 'de' }, { text: '' }, { text: 'f' }]);
  });

  test('decodes a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('é€\n', 'utf8');
    assert.deepEqual(await collect([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)]), [{ text: 'é€' }]);
  });

  test('reports an over-long line by its length and an excerpt of its start only, however many chunks it spans', async () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => (i === 0 ? 'start' : '').padEnd(1000, 'x'));
    const head = `start${'x'.repeat(REJECTION_EXCERPT_CHARS - 6)}…`;
    assert.deepEqual(await collect(['ok\n', ...chunks, '\nnext\n']), [{ text: 'ok' }, { tooLong: 1_000_000, head }, { text: 'next' }]);
  });

  test('an over-long last line without newline is still reported', async () => {
    assert.deepEqual(await collect(['y'.repeat(150)]), [{ tooLong: 150, head: 'y'.repeat(150) }]);
  });
});
