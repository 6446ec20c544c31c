import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { startSim, type SimHandle, type SimOptions } from '../../../source/core/sim/sim-server.js';
import type { StreamItem } from '../../../source/core/sim/sim-runtime.js';
import { SIM_WS_BATCH_MS, SIM_WS_FRAME_EVENTS } from '../../../source/core/sim/sim-stream.js';
import { openWs, refusedUpgrade, SIM_T0, type FrameLog } from '../../helpers/sim-fixtures.js';

describe('sim stream protocol v1', () => {
  let sim: SimHandle | undefined;
  let clock: ManualClock;
  const logs: FrameLog[] = [];
  const start = async (opts: SimOptions, virtualMs = 0): Promise<SimHandle> => {
    clock = new ManualClock(SIM_T0);
    sim = await startSim({ seed: 4, ...opts, clock });
    advance(virtualMs);
    return sim;
  };
  // Ticks land on the step boundaries; the extra SIM_WS_BATCH_MS flushes the last batch without a new tick.
  const advance = (ms: number): void => {
    for (let t = 0; t < ms; t += 100) clock.advance(100);
    clock.advance(SIM_WS_BATCH_MS);
  };
  const connect = async (query = '', headers: Record<string, string> = {}): Promise<FrameLog> => {
    const log = await openWs(sim!.wsUrl + query, headers);
    logs.push(log);
    return log;
  };
  const cursors = (items: StreamItem[]): number[] => items.map((i) => i.cursor);
  const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  afterEach(async () => {
    for (const l of logs.splice(0)) l.ws.terminate();
    await sim?.close();
    sim = undefined;
  });

  test('hello comes first, then every retained event in order, with node_kind extras', async () => {
    const s = await start({}, 20_000);
    const last = s.runtime.lastCursor();
    const log = await connect();
    await log.until(() => log.items().length === last, 'the backlog');
    assert.deepEqual(log.frames[0], {
      type: 'hello', protocol: 1, server: 'jamjet-sim/0.1.0', epoch: log.frames[0]!.epoch, cursor: last,
      oldest_cursor: 1, heartbeat_ms: 5000, gap: false,
    });
    assert.match(String(log.frames[0]!.epoch), /^[0-9a-f]{16}$/);
    assert.deepEqual(log.items(), s.runtime.itemsAfter(0));
    assert.ok(log.items().some((i) => i.node_kind === 'model'));
  });

  test('resuming from a cursor sends exactly the events after it, then live ones, nothing twice', async () => {
    const s = await start({}, 20_000);
    const from = Math.floor(s.runtime.lastCursor() / 2);
    const log = await connect(`?cursor=${from}&protocol=1`);
    await log.until(() => log.items().length === s.runtime.lastCursor() - from, 'the backlog');
    advance(10_000);
    const last = s.runtime.lastCursor();
    await log.until(() => log.items().at(-1)?.cursor === last, 'live events');
    assert.deepEqual(cursors(log.items()), range(from + 1, last));
    assert.deepEqual(log.items(), s.runtime.itemsAfter(from));
  });

  test('live events are batched: frames carry several events', async () => {
    await start({ rate: 20 }, 1_000);
    const log = await connect(`?cursor=${sim!.runtime.lastCursor()}`);
    advance(5_000);
    await log.until(() => log.items().at(-1)?.cursor === sim!.runtime.lastCursor(), 'live events');
    const sizes = log.frames.filter((f) => f.type === 'events').map((f) => (f.events as unknown[]).length);
    assert.ok(Math.max(...sizes) > 1);
    assert.ok(sizes.length < log.items().length);
  });

  test('large backlogs are split into frames of at most SIM_WS_FRAME_EVENTS events', async () => {
    await start({ rate: 50 }, 30_000);
    assert.ok(sim!.runtime.lastCursor() > SIM_WS_FRAME_EVENTS);
    const log = await connect();
    await log.until(() => log.items().length === sim!.runtime.lastCursor(), 'the backlog');
    const sizes = log.frames.filter((f) => f.type === 'events').map((f) => (f.events as unknown[]).length);
    assert.equal(Math.max(...sizes), SIM_WS_FRAME_EVENTS);
  });

  test('a heartbeat arrives after heartbeatMs of silence', async () => {
    await start({ executions: 0, heartbeatMs: 1_000 });
    const log = await connect();
    await log.until(() => log.frames.length === 1, 'hello');
    clock.advance(999);
    clock.advance(1);
    await log.until(() => log.frames.length === 2, 'a heartbeat');
    assert.deepEqual(log.frames[1], { type: 'heartbeat', cursor: 0, time: new Date(SIM_T0 + 1_000 + SIM_WS_BATCH_MS).toISOString() });
  });

  test('a cursor older than the ring holds is reported as a gap; the oldest retained events follow', async () => {
    const s = await start({ streamBufferCap: 20 }, 30_000);
    const oldest = s.runtime.oldestCursor();
    assert.equal(oldest, s.runtime.lastCursor() - 19);
    const lost = await connect('?cursor=5');
    await lost.until(() => lost.items().length === 20, 'retained events');
    assert.equal(lost.frames[0]!.gap, true);
    assert.equal(lost.frames[0]!.oldest_cursor, oldest);
    assert.deepEqual(cursors(lost.items()), range(oldest, oldest + 19));
    const fine = await connect(`?cursor=${oldest - 1}`);
    await fine.until(() => fine.items().length === 20, 'retained events');
    assert.equal(fine.frames[0]!.gap, false);
  });

  test('with a token, the upgrade is refused with 401 and the runtime\'s error bodies', async () => {
    await start({ token: 'sekrit' });
    assert.deepEqual(await refusedUpgrade(sim!.wsUrl), { status: 401, body: '{"error":"missing Authorization: Bearer <token>"}' });
    assert.deepEqual(await refusedUpgrade(sim!.wsUrl, { authorization: 'Bearer nope' }), { status: 401, body: '{"error":"invalid or expired token"}' });
    const ok = await connect('', { authorization: 'Bearer sekrit' });
    await ok.until(() => ok.frames[0]?.type === 'hello', 'hello');
  });

  test('an unsupported protocol version or a bad cursor is refused with 400', async () => {
    await start({});
    assert.equal((await refusedUpgrade(`${sim!.wsUrl}?protocol=2`)).status, 400);
    assert.equal((await refusedUpgrade(`${sim!.wsUrl}?cursor=-1`)).status, 400);
  });

  test('dropEveryEvents closes each connection after exactly that many events', async () => {
    await start({ faults: { dropEveryEvents: 10 } }, 20_000);
    const log = await connect();
    await log.until(() => log.closed, 'the drop');
    assert.deepEqual(cursors(log.items()), range(1, 10));
    const again = await connect('?cursor=10');
    await again.until(() => again.closed, 'the second drop');
    assert.deepEqual(cursors(again.items()), range(11, 20));
  });

  test('malformedEvery sends a malformed frame or an invalid envelope after every N events', async () => {
    await start({ faults: { malformedEvery: 5 } }, 10_000);
    const total = sim!.runtime.lastCursor();
    const log = await connect();
    await log.until(() => log.items().filter((i) => typeof i.event.sequence === 'number').length === total, 'the backlog');
    const unparsable = log.raw.length - log.frames.length;
    const invalid = log.items().filter((i) => typeof i.event.sequence !== 'number').length;
    assert.equal(unparsable + invalid, Math.floor(total / 5));
    assert.ok(unparsable > 0 && invalid > 0);
  });

  test('duplicateEvery resends an already-sent event after every N events', async () => {
    await start({ faults: { duplicateEvery: 7 } }, 10_000);
    const total = sim!.runtime.lastCursor();
    const log = await connect();
    await log.until(() => log.items().length === total + Math.floor(total / 7), 'the backlog and duplicates');
    const seen = new Set(cursors(log.items()));
    assert.deepEqual([...seen].sort((a, b) => a - b), range(1, total));
  });

  test('close() ends open streams and the server', async () => {
    await start({}, 2_000);
    const log = await connect();
    await sim!.close();
    sim = undefined;
    await log.until(() => log.closed, 'the close');
  });
});
