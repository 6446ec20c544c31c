import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ManualClock, systemClock } from '../../../source/core/clock.js';
import { UNAUTHORIZED_MESSAGE } from '../../../source/core/runtime-api/failure-reason.js';
import { REJECTION_EXCERPT_CHARS } from '../../../source/core/decode/rejection-excerpt.js';
import { WebSocketEventSource } from '../../../source/core/sources/websocket-event-source.js';
import { RecordingListener } from '../../helpers/sources-recorder.js';
import { envelope, eventsFrame, helloFrame, startTestWsServer } from '../../helpers/sources-ws-server.js';

const EXEC = 'a1'.repeat(16);

/** A port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('WebSocketEventSource', () => {
  test('delivers each events frame as one batch with its last cursor, sending the token and resume cursor', async () => {
    const server = await startTestWsServer({
      onConnection: ({ socket }) => {
        socket.send(helloFrame('e1', 2));
        socket.send(eventsFrame([[1, envelope(EXEC, 1)], [2, envelope(EXEC, 2)]]));
        socket.send(eventsFrame([[3, envelope(EXEC, 3)]]));
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock(), token: 'sekrit' });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 3, 30_000, 'three events');
      assert.deepEqual(rec.batches.map((b) => [b.events.length, b.cursor]), [[2, '2'], [1, '3']]);
      assert.deepEqual(rec.keys(), [`exec_${EXEC}:1`, `exec_${EXEC}:2`, `exec_${EXEC}:3`]);
      const conn = server.connections[0]!;
      assert.equal(conn.headers.authorization, 'Bearer sekrit');
      assert.equal(conn.url.searchParams.get('cursor'), '0');
      assert.equal(conn.url.searchParams.get('protocol'), '1');
      assert.equal(src.status().state, 'connected');
      assert.equal(src.status().events, 3);
      assert.ok(!JSON.stringify(rec.statuses).includes('sekrit'));
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('after the server drops the socket it reconnects from the last processed cursor: nothing lost, nothing twice', async () => {
    const log = [1, 2, 3, 4, 5, 6].map((seq) => envelope(EXEC, seq));
    const server = await startTestWsServer({
      onConnection: ({ socket, url }) => {
        const from = Number(url.searchParams.get('cursor'));
        socket.send(helloFrame('same', 6));
        const rest = log.map((e, i): [number, Record<string, unknown>] => [i + 1, e]).filter(([c]) => c > from);
        // First connection: send three events, then die without a close frame.
        if (from === 0) {
          socket.send(eventsFrame(rest.slice(0, 3)));
          setTimeout(() => socket.terminate(), 20);
        } else {
          socket.send(eventsFrame(rest));
        }
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock(), random: () => 0 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length >= 6, 30_000, 'six events');
      assert.deepEqual(rec.keys(), log.map((_, i) => `exec_${EXEC}:${i + 1}`));
      assert.equal(server.connections[1]!.url.searchParams.get('cursor'), '3');
      assert.equal(src.status().reconnects, 1);
      assert.equal(src.lastCursor(), 6);
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('starts from resumeCursor, and replays from 0 when the server turns out to have restarted', async () => {
    const server = await startTestWsServer({
      onConnection: ({ socket, url }) => {
        const from = Number(url.searchParams.get('cursor'));
        // A restarted server: its newest cursor (1) is behind the client's (40).
        socket.send(helloFrame('new', 1));
        if (from === 0) socket.send(eventsFrame([[1, envelope(EXEC, 1)]]));
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock(), resumeCursor: '40' });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 1, 30_000, 'the replayed event');
      assert.deepEqual(server.connections.map((c) => c.url.searchParams.get('cursor')), ['40', '0']);
      assert.ok(rec.statuses.some((s) => s.message?.startsWith('server restarted')));
      assert.equal(rec.batches[0]!.cursor, '1');
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('a wrong token shows the 401 message, delivers nothing, and keeps retrying', async () => {
    const server = await startTestWsServer({ reject: () => 401, onConnection: () => assert.fail('must not upgrade') });
    const clock = new ManualClock(1000);
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock, token: 'wrong', random: () => 1 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.status().state === 'error', 30_000, 'error state');
      assert.ok(src.status().message?.startsWith(UNAUTHORIZED_MESSAGE), src.status().message);
      clock.advance(250);
      await rec.until(() => src.status().reconnects === 2, 30_000, 'second attempt');
      assert.equal(src.status().state, 'error');
      assert.equal(rec.events().length, 0);
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('a refused connection reports reconnecting with doubling delays', async () => {
    const port = await closedPort();
    const clock = new ManualClock(0);
    const src = new WebSocketEventSource(`ws://127.0.0.1:${port}/v1/events`, { id: 'src1', clock, random: () => 1 });
    const rec = new RecordingListener();
    const delays: string[] = [];
    try {
      src.start(rec);
      for (const [attempt, ms] of [[1, 250], [2, 500], [3, 1000], [4, 2000]] as const) {
        await rec.until(() => src.status().reconnects === attempt, 30_000, `attempt ${attempt}`);
        assert.equal(src.status().state, 'reconnecting');
        delays.push(src.status().message ?? '');
        clock.advance(ms);
      }
      assert.deepEqual(delays, [
        'connection refused (attempt 1, retry in 0.3s)',
        'connection refused (attempt 2, retry in 0.5s)',
        'connection refused (attempt 3, retry in 1.0s)',
        'connection refused (attempt 4, retry in 2.0s)',
      ]);
      assert.equal(src.status().reason, 'connection refused', 'the reason alone, without retry counts');
    } finally {
      await src.stop();
    }
  });

  test('a server that says hello and then goes silent is dropped after three heartbeat intervals', async () => {
    const server = await startTestWsServer({ onConnection: ({ socket }) => socket.send(helloFrame('quiet', 0, 100)) });
    const clock = new ManualClock(0);
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock, random: () => 0 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => src.status().state === 'connected', 30_000, 'connected');
      clock.advance(299);
      assert.equal(src.status().state, 'connected');
      clock.advance(1);
      await rec.until(() => src.status().state === 'reconnecting', 30_000, 'reconnecting');
      assert.match(src.status().message ?? '', /^heartbeat timeout/);
      clock.advance(0);
      await rec.until(() => server.connections.length === 2 && src.status().state === 'connected', 30_000, 'second connection');
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('a frame over the decode limit is counted as frame_too_large and the connection is kept', async () => {
    const server = await startTestWsServer({
      onConnection: ({ socket }) => {
        socket.send(helloFrame('e', 2));
        socket.send(JSON.stringify({ type: 'events', events: [], pad: 'x'.repeat(5000) }));
        socket.send(eventsFrame([[2, envelope(EXEC, 1)]]));
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock(), maxFrameChars: 1000 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 1, 30_000, 'event after the big frame');
      assert.deepEqual(rec.rejections().map((r) => r.reason), ['frame_too_large']);
      assert.match(rec.rejections()[0]!.excerpt!, /^\{"type":"events","events":\[\],"pad":"x+…$/);
      assert.equal(rec.rejections()[0]!.excerpt!.length, REJECTION_EXCERPT_CHARS);
      assert.equal(server.connections.length, 1);
      assert.equal(src.status().rejected, 1);
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('a rejection carries an excerpt of the frame, or of the one item of a frame that was bad; a binary frame has none', async () => {
    const bad = { ...envelope(EXEC, 2), kind: { node_id: 'no type' } };
    const server = await startTestWsServer({
      onConnection: ({ socket }) => {
        socket.send(helloFrame('e', 0));
        socket.send('{"type":"events",\u001b[2J');
        socket.send(Buffer.from([1, 2, 3]), { binary: true });
        socket.send(eventsFrame([[1, envelope(EXEC, 1)], [2, bad]]));
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock() });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 1, 30_000, 'the good event');
      assert.deepEqual(rec.rejections().map((r) => [r.reason, r.excerpt]), [
        ['invalid_json', '{"type":"events",\u001b[2J'],
        ['unknown_frame', undefined],
        ['missing_field', JSON.stringify({ cursor: 2, event: bad })],
      ]);
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('a frame over the hard payload cap costs the connection and says so', async () => {
    const server = await startTestWsServer({
      onConnection: ({ socket }) => {
        socket.send(helloFrame('e', 0));
        if (server.connections.length === 1) socket.send('x'.repeat(20_000));
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock(), maxFrameChars: 1000, maxPayloadBytes: 10_000, random: () => 0 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => server.connections.length === 2, 30_000, 'reconnect');
      assert.ok(rec.statuses.some((s) => s.message?.startsWith('frame larger than 10000 bytes')));
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('reports a retention gap and counts unknown frame types without dropping the connection', async () => {
    const server = await startTestWsServer({
      onConnection: ({ socket }) => {
        socket.send(helloFrame('e', 900, 5000, true, 500));
        socket.send(JSON.stringify({ type: 'shiny_new_frame' }));
        socket.send(eventsFrame([[900, envelope(EXEC, 7)]]));
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock(), resumeCursor: '10' });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 1, 30_000, 'event');
      assert.ok(rec.statuses.some((s) => s.message === 'stream gap: events before cursor 500 were no longer retained'));
      assert.deepEqual(rec.rejections().map((r) => [r.reason, r.excerpt]), [['unknown_frame', '{"type":"shiny_new_frame"}']]);
      assert.equal(server.connections.length, 1);
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('a different epoch on reconnect means the server restarted: it replays from cursor 0', async () => {
    const server = await startTestWsServer({
      onConnection: ({ socket, url }) => {
        const n = server.connections.length;
        if (n === 1) {
          socket.send(helloFrame('first', 1));
          socket.send(eventsFrame([[1, envelope(EXEC, 1)]]));
          setTimeout(() => socket.terminate(), 10);
        } else {
          // The new server is already past the client's cursor, so only the epoch tells.
          socket.send(helloFrame('second', 50));
          if (url.searchParams.get('cursor') === '0') socket.send(eventsFrame([[50, envelope(EXEC, 2)]]));
        }
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock(), random: () => 0 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => rec.events().length === 2, 30_000, 'event from the new server');
      assert.deepEqual(server.connections.map((c) => c.url.searchParams.get('cursor')), ['0', '1', '0']);
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('a server error frame is shown and the connection retried', async () => {
    const server = await startTestWsServer({
      onConnection: ({ socket }) => {
        socket.send(helloFrame('e', 0));
        if (server.connections.length === 1) {
          socket.send(JSON.stringify({ type: 'error', code: 'internal', message: 'disk full' }));
          socket.close();
        }
      },
    });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock(), random: () => 0 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      await rec.until(() => server.connections.length === 2, 30_000, 'reconnect');
      assert.ok(rec.statuses.some((st) => st.message?.startsWith('server error internal: disk full')));
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('a connection that stayed up 10 s resets the back-off to its first delay', async () => {
    let refuse = 3;
    const server = await startTestWsServer({
      reject: () => (refuse-- > 0 ? 503 : undefined),
      onConnection: ({ socket }) => socket.send(helloFrame('e', 0, 60_000)),
    });
    const clock = new ManualClock(0);
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock, random: () => 1 });
    const rec = new RecordingListener();
    try {
      src.start(rec);
      for (const [attempt, ms] of [[1, 250], [2, 500], [3, 1000]] as const) {
        await rec.until(() => src.status().reconnects === attempt, 30_000, `attempt ${attempt}`);
        assert.match(src.status().message ?? '', /^HTTP 503 Service Unavailable on websocket upgrade/);
        assert.equal(src.status().reason, 'HTTP 503 Service Unavailable on websocket upgrade');
        clock.advance(ms);
      }
      await rec.until(() => src.status().state === 'connected', 30_000, 'connected');
      assert.equal(src.status().reason, undefined, 'no reason once connected');
      clock.advance(10_000);
      server.connections[0]!.socket.terminate();
      await rec.until(() => src.status().reconnects === 4, 30_000, 'drop after a stable connection');
      assert.match(src.status().message ?? '', /retry in 0\.3s\)$/);
    } finally {
      await src.stop();
      await server.close();
    }
  });

  test('stop closes the socket, resolves, and nothing is delivered afterwards', async () => {
    const server = await startTestWsServer({ onConnection: ({ socket }) => socket.send(helloFrame('e', 0)) });
    const src = new WebSocketEventSource(server.url, { id: 'src1', clock: systemClock() });
    const rec = new RecordingListener();
    src.start(rec);
    await rec.until(() => src.status().state === 'connected', 30_000, 'connected');
    await src.stop();
    const n = rec.batches.length;
    server.connections[0]!.socket.send(eventsFrame([[1, envelope(EXEC, 1)]]));
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(rec.batches.length, n);
    assert.equal(src.status().state, 'ended');
    await server.close();
  });
});
