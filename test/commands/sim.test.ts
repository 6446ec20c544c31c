import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { runSim } from '../../source/commands/sim.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(pred(), 'timed out');
}

describe('jamjet sim', () => {
  test('prints the real port for --port 0, never the token, serves, and exits 0 on SIGTERM', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const signals = new EventEmitter();
    const run = runSim({ port: 0, seed: 9, rate: 2, token: 'top-secret-token' }, { stdout, stderr, signals });
    await until(() => stdout.text.includes('\n'));
    const m = /^jamjet sim: listening on http:\/\/127\.0\.0\.1:(\d+) \(stream ws:\/\/127\.0\.0\.1:(\d+)\/v1\/events\), seed 9\n$/.exec(stdout.text);
    assert.ok(m, stdout.text);
    assert.equal(m[1], m[2]);
    assert.notEqual(m[1], '0');
    assert.ok(!stdout.text.includes('top-secret-token') && !stderr.text.includes('top-secret-token'));
    const res = await fetch(`http://127.0.0.1:${m[1]}/health`);
    assert.equal(res.status, 200);
    await res.text();
    signals.emit('SIGTERM');
    assert.equal(await run, 0);
    await assert.rejects(fetch(`http://127.0.0.1:${m[1]}/health`));
  });

  test('a busy port is exit 2 with a message naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as AddressInfo;
    const stdout = new Capture();
    const stderr = new Capture();
    try {
      assert.equal(await runSim({ port, seed: 1, rate: 2 }, { stdout, stderr, signals: new EventEmitter() }), 2);
      assert.match(stderr.text, new RegExp(`port ${port} is already in use`));
      assert.equal(stdout.text, '');
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
