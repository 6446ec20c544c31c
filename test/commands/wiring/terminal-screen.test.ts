import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copySequence, releaseSequence, takeSequence, takeTerminal } from '../../../source/commands/wiring/terminal-screen.js';

/** A stdout without a file descriptor: everything written is kept. */
function fakeStdout(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('takeTerminal', () => {
  test('enters the alternate screen with mouse reports, and gives both back once however often it is released', () => {
    const { stream, written } = fakeStdout();
    const before = process.listenerCount('exit');
    const screen = takeTerminal(stream, true);
    assert.deepEqual(written, ['\x1b[?1049h\x1b[?1000h\x1b[?1006h']);
    assert.equal(process.listenerCount('exit'), before + 1, 'an exit path that skips the cleanup still restores');
    assert.equal(process.listenerCount('uncaughtExceptionMonitor') > 0, true, 'so does a crash');
    screen.release();
    screen.release();
    assert.deepEqual(written.slice(1), ['\x1b[?1006l\x1b[?1000l\x1b[?1049l\x1b[?25h']);
    assert.equal(process.listenerCount('exit'), before, 'its handlers are gone once released');
  });

  test('without the mouse only the screen is switched', () => {
    assert.equal(takeSequence(false), '\x1b[?1049h');
    assert.equal(releaseSequence(false), '\x1b[?1049l\x1b[?25h');
  });
});

describe('copySequence', () => {
  test('is OSC 52 with the text in base64, control characters dropped', () => {
    const seq = copySequence('exec_ab\x1b]0;x\x07cd');
    // eslint-disable-next-line no-control-regex -- the sequence is the point
    const m = /^\x1b\]52;c;([A-Za-z0-9+/=]+)\x07$/.exec(seq);
    assert.ok(m, JSON.stringify(seq));
    assert.equal(Buffer.from(m[1]!, 'base64').toString('utf8'), 'exec_ab]0;xcd');
  });
});
