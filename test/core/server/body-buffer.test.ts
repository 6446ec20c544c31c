import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BodyBuffer } from '../../../source/core/server/body-buffer.js';

describe('BodyBuffer', () => {
  test('encodes the parts in order as UTF-8, multi-byte characters included', () => {
    const parts = ['# HELP x ü\n', 'x{a="日本"} 1', '\n\n', '', 'y 2\n'];
    const body = new BodyBuffer().encode(parts);
    assert.deepEqual(body.bytes, Buffer.from(parts.join(''), 'utf8'));
  });

  test('reuses the buffer of a released body for the next one', () => {
    const buffers = new BodyBuffer();
    const first = buffers.encode(['a'.repeat(1000)]);
    first.release();
    const second = buffers.encode(['b'.repeat(900)]);
    assert.equal(second.bytes.buffer, first.bytes.buffer);
    assert.equal(second.bytes.toString(), 'b'.repeat(900));
  });

  test('never hands out a buffer whose body has not been released', () => {
    const buffers = new BodyBuffer();
    buffers.encode(['a']).release();
    const held = buffers.encode(['a'.repeat(100)]);
    const meanwhile = buffers.encode(['b'.repeat(100)]);
    assert.notEqual(meanwhile.bytes.buffer, held.bytes.buffer);
    assert.equal(held.bytes.toString(), 'a'.repeat(100));
    // Releasing twice gives it back once: two later bodies never share it.
    held.release();
    held.release();
    const next = buffers.encode(['c']);
    assert.notEqual(buffers.encode(['d']).bytes.buffer, next.bytes.buffer);
  });

  test('grows for a larger body, and keeps no buffer past its cap', () => {
    const buffers = new BodyBuffer(1024);
    const small = buffers.encode(['a'.repeat(10)]);
    small.release();
    const large = buffers.encode(['b'.repeat(500)]);
    assert.equal(large.bytes.toString(), 'b'.repeat(500));
    large.release();
    const huge = buffers.encode(['c'.repeat(2000)]);
    assert.equal(huge.bytes.toString(), 'c'.repeat(2000));
    huge.release();
    assert.equal(buffers.encode(['d']).bytes.buffer, large.bytes.buffer, 'the buffer past the cap was not kept');
  });
});
