import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { ManualClock } from '../../source/core/clock.js';
import { SimRuntime, type SimRuntimeOptions, type StreamItem } from '../../source/core/sim/sim-runtime.js';

/** Virtual start of every deterministic sim test. */
export const SIM_T0 = Date.parse('2026-03-14T09:00:00Z');

/** Runs a sim runtime on a ManualClock for `virtualMs` (in 100 ms steps) and returns it with every item it emitted. */
export function runSimFor(opts: SimRuntimeOptions, virtualMs: number): { rt: SimRuntime; items: StreamItem[]; clock: ManualClock } {
  const clock = new ManualClock(SIM_T0);
  const rt = new SimRuntime({ ...opts, clock });
  const items: StreamItem[] = [];
  rt.subscribe((batch) => items.push(...batch));
  rt.start();
  for (let t = 0; t < virtualMs; t += 100) clock.advance(100);
  rt.stop();
  return { rt, items, clock };
}

/** Collects every text frame of a websocket (parsed when it is JSON). */
export class FrameLog {
  readonly raw: string[] = [];
  readonly frames: Record<string, unknown>[] = [];
  closed = false;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      try {
        this.frames.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        // malformed frames stay in `raw` only
      }
    });
    ws.on('close', () => {
      this.closed = true;
    });
  }

  /** Event items from every `events` frame, in arrival order. */
  items(): StreamItem[] {
    return this.frames.filter((f) => f.type === 'events' && Array.isArray(f.events)).flatMap((f) => f.events as StreamItem[]);
  }

  /** Resolves once `pred` holds (polling on real I/O); fails the test after a generous safety timeout. */
  async until(pred: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if (pred()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail(`timed out waiting for ${what}`);
  }
}

/** Opens a websocket and resolves when it is open. */
export async function openWs(url: string, headers: Record<string, string> = {}): Promise<FrameLog> {
  const ws = new WebSocket(url, { headers });
  const log = new FrameLog(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return log;
}

/** Attempts an upgrade that should be refused; resolves with the HTTP status and body. */
export async function refusedUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('upgrade was accepted')));
    ws.once('error', () => undefined);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}
