import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../clock.js';
import { decodeStreamFrame, MAX_FRAME_CHARS } from '../decode/decode-stream-frame.js';
import type { StreamFrame } from '../decode/decode-stream-frame.js';
import type { Rejection, TypedEvent } from '../decode/event.js';
import { rejectionExcerpt, withExcerpt } from '../decode/rejection-excerpt.js';
import { FORBIDDEN_MESSAGE, networkReason, UNAUTHORIZED_MESSAGE } from '../runtime-api/failure-reason.js';
import { httpStatusLine } from '../runtime-api/http-status-line.js';
import { Backoff } from './backoff.js';
import type { EventSource, SourceListener, SourceOptions, SourceState, SourceStatus } from './event-source.js';
import { countDelivery } from './count-delivery.js';
import { redactUrl } from './redact-url.js';

/** Frames larger than this make ws drop the connection (it cannot skip a frame); smaller ones over the decode limit are rejected and the connection kept. */
export const WS_MAX_PAYLOAD_BYTES = 4 * MAX_FRAME_CHARS;
/** A connection that stays up this long resets the back-off. */
export const WS_STABLE_AFTER_MS = 10_000;
/** Time allowed from dialling to the hello frame. */
export const WS_CONNECT_TIMEOUT_MS = 10_000;
/** Silence longer than this many heartbeat intervals means the connection is dead. */
export const WS_HEARTBEAT_MISSES = 3;

/** Why a connection ended and what to show; `immediate` skips the back-off. */
interface Failure {
  readonly state: SourceState;
  readonly reason: string;
  readonly immediate?: boolean;
}

/** Options of {@link WebSocketEventSource}. */
export interface WebSocketSourceOptions extends SourceOptions {
  readonly clock: Clock;
  /** Frames longer than this (UTF-16 units) are rejected as frame_too_large and the connection kept. */
  readonly maxFrameChars?: number;
  /** Hard per-frame limit handed to ws; a bigger frame costs the connection. */
  readonly maxPayloadBytes?: number;
  /** Injectable jitter source for the back-off (tests pass `() => 1`). */
  readonly random?: () => number;
  readonly connectTimeoutMs?: number;
}

/** Reads stream protocol v1 (docs/protocol.md) over a websocket, resuming from the last processed cursor. */
export class WebSocketEventSource implements EventSource {
  readonly id: string;
  private readonly url: string;
  private readonly clock: Clock;
  private readonly token: string | undefined;
  private readonly maxFrameChars: number;
  private readonly maxPayload: number;
  private readonly connectTimeoutMs: number;
  private readonly backoff: Backoff;
  private listener: SourceListener | undefined;
  private ws: WebSocket | undefined;
  private cursor = 0;
  private epoch: string | undefined;
  private silenceLimitMs: number;
  private lastFrameAt = 0;
  private openedAt = 0;
  private watchdog: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  /** Why the current connection ended; set by error/response handlers, read on close. */
  private failure: Failure | undefined;
  /** Whether the current connection got past hello (so it counts as a real connection). */
  private epochChecked = false;
  private requestedCursor = 0;
  private stopping = false;
  private closed: (() => void) | undefined;
  private current: SourceStatus;

  constructor(url: string, opts: WebSocketSourceOptions) {
    this.id = opts.id;
    this.url = url;
    this.clock = opts.clock;
    this.token = opts.token;
    this.maxFrameChars = opts.maxFrameChars ?? MAX_FRAME_CHARS;
    this.maxPayload = opts.maxPayloadBytes ?? WS_MAX_PAYLOAD_BYTES;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? WS_CONNECT_TIMEOUT_MS;
    this.silenceLimitMs = this.connectTimeoutMs;
    this.backoff = new Backoff(opts.random ? { random: opts.random } : {});
    const resume = Number(opts.resumeCursor);
    if (Number.isSafeInteger(resume) && resume > 0) this.cursor = resume;
    this.current = { id: opts.id, url: redactUrl(url), kind: 'websocket', state: 'connecting', events: 0, rejected: 0, reconnects: 0 };
  }

  start(listener: SourceListener): void {
    this.listener = listener;
    this.setStatus({ state: 'connecting', message: undefined });
    this.connect();
  }

  status(): SourceStatus {
    return this.current;
  }

  /** The last stream cursor processed (what a reconnect resumes from). */
  lastCursor(): number {
    return this.cursor;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimer('retryTimer');
    this.clearTimer('watchdog');
    const ws = this.ws;
    if (ws) {
      const done = new Promise<void>((resolve) => (this.closed = resolve));
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'client stopping');
      else ws.terminate();
      await done;
    }
    this.setStatus({ state: 'ended', message: 'stopped', reason: undefined });
  }

  private connect(): void {
    this.retryTimer = undefined;
    if (this.stopping) return;
    const target = new URL(this.url);
    target.searchParams.set('cursor', String(this.cursor));
    target.searchParams.set('protocol', '1');
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    this.failure = undefined;
    this.epochChecked = false;
    this.requestedCursor = this.cursor;
    const ws = new WebSocket(target, { headers, maxPayload: this.maxPayload, perMessageDeflate: false });
    this.ws = ws;
    this.openedAt = this.clock.now();
    this.lastFrameAt = this.openedAt;
    this.silenceLimitMs = this.connectTimeoutMs;
    this.armWatchdog(this.silenceLimitMs);
    ws.on('unexpected-response', (_req, res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      if (code === 401) this.failure = { state: 'error', reason: UNAUTHORIZED_MESSAGE };
      else if (code === 403) this.failure = { state: 'error', reason: FORBIDDEN_MESSAGE };
      else this.failure = { state: 'reconnecting', reason: `HTTP ${httpStatusLine(code)} on websocket upgrade` };
      ws.terminate();
    });
    ws.on('error', (err: NodeJS.ErrnoException) => {
      if (this.failure) return;
      this.failure = { state: 'reconnecting', reason: describeError(err, this.maxPayload) };
    });
    ws.on('open', () => {
      this.lastFrameAt = this.clock.now();
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (ws !== this.ws || this.stopping) return;
      this.lastFrameAt = this.clock.now();
      const text = isBinary ? undefined : rawToString(data);
      this.onFrame(text === undefined ? binaryFrame() : decodeStreamFrame(text, this.maxFrameChars), ws, text);
    });
    ws.on('close', () => this.onClose(ws));
  }

  /** Acts on one decoded frame; `text` is the frame as received (none when binary), excerpted only if it is rejected. */
  private onFrame(frame: StreamFrame, ws: WebSocket, text: string | undefined): void {
    switch (frame.type) {
      case 'hello': {
        // A new epoch (or a server whose newest cursor is behind ours) means the server restarted and
        // our cursor numbers mean nothing there: replay from 0, the model dedupes by (execution, sequence).
        const restarted = (this.epoch !== undefined && frame.epoch !== this.epoch) || frame.cursor < this.requestedCursor;
        this.epoch = frame.epoch;
        this.silenceLimitMs = WS_HEARTBEAT_MISSES * Math.max(1, frame.heartbeatMs);
        // The watchdog was armed with the connect timeout; re-arm it for the heartbeat deadline.
        this.clearTimer('watchdog');
        this.armWatchdog(this.silenceLimitMs);
        if (restarted && this.requestedCursor > 0) {
          this.cursor = 0;
          this.failure = { state: 'reconnecting', reason: 'server restarted (new epoch): replaying from cursor 0', immediate: true };
          ws.close(1000, 'resuming from cursor 0');
          return;
        }
        this.epochChecked = true;
        const message = frame.gap ? `stream gap: events before cursor ${frame.oldestCursor} were no longer retained` : undefined;
        this.setStatus({ state: 'connected', message, reason: undefined });
        return;
      }
      case 'events': {
        const events: TypedEvent[] = [];
        const rejections: Rejection[] = [];
        let cursor = this.cursor;
        for (const item of frame.items) {
          // The cursor never moves back. A repeated item is still delivered: the model drops it as a
          // duplicate by (execution id, sequence) and counts it, so a server that repeats itself shows.
          if (item.cursor > cursor) cursor = item.cursor;
          if (item.result.ok) events.push(item.result.event);
          else rejections.push(item.result.rejection);
        }
        if (events.length === 0 && rejections.length === 0) return;
        this.cursor = cursor;
        this.deliver(events, rejections);
        return;
      }
      case 'heartbeat':
        return;
      case 'error':
        this.failure = { state: 'reconnecting', reason: `server error ${frame.code}: ${frame.message}` };
        return;
      case 'unknown':
        this.deliver([], [{
          reason: 'unknown_frame', detail: `ignored unknown frame type ${JSON.stringify(frame.frameType.slice(0, 40))}`, excerpt: text === undefined ? undefined : rejectionExcerpt(text),
        }]);
        return;
      case 'rejected':
        // A binary frame has no text to show: its detail says what it was.
        this.deliver([], [text === undefined ? frame.rejection : withExcerpt(frame.rejection, text)]);
        return;
    }
  }

  private deliver(events: TypedEvent[], rejections: Rejection[]): void {
    this.current = countDelivery(this.current, events, rejections, this.clock.now());
    this.listener?.batch({ sourceId: this.id, events, rejections, cursor: String(this.cursor) });
  }

  private onClose(ws: WebSocket): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.clearTimer('watchdog');
    if (this.stopping) {
      this.closed?.();
      return;
    }
    const failure: Failure = this.failure ?? { state: 'reconnecting', reason: 'connection closed' };
    if (this.clock.now() - this.openedAt >= WS_STABLE_AFTER_MS && this.epochChecked) this.backoff.reset();
    const delay = failure.immediate ? 0 : this.backoff.next();
    const attempt = this.current.reconnects + 1;
    this.setStatus({
      state: failure.state,
      message: `${failure.reason} (attempt ${attempt}, retry in ${(delay / 1000).toFixed(1)}s)`,
      reason: failure.reason,
      reconnects: attempt,
    });
    this.retryTimer = this.clock.setTimeout(() => this.connect(), delay);
  }

  private armWatchdog(ms: number): void {
    this.watchdog = this.clock.setTimeout(() => this.checkSilence(), ms);
  }

  /** Fires at the earliest moment the connection could be declared dead; re-arms if a frame came since. */
  private checkSilence(): void {
    this.watchdog = undefined;
    const ws = this.ws;
    if (!ws || this.stopping) return;
    const silentFor = this.clock.now() - this.lastFrameAt;
    if (silentFor < this.silenceLimitMs) {
      this.armWatchdog(this.silenceLimitMs - silentFor);
      return;
    }
    this.failure ??= {
      state: 'reconnecting',
      reason: this.epochChecked ? `heartbeat timeout: no frame for ${silentFor} ms` : `connect timeout after ${silentFor} ms`,
    };
    ws.terminate();
  }

  private clearTimer(name: 'watchdog' | 'retryTimer'): void {
    const handle = this[name];
    if (handle) this.clock.clear(handle);
    this[name] = undefined;
  }

  private setStatus(patch: Partial<SourceStatus>): void {
    this.current = { ...this.current, ...patch };
    this.listener?.status(this.current);
  }
}

/** One line for a socket error, without any URL (which could carry credentials). */
function describeError(err: NodeJS.ErrnoException, maxPayload: number): string {
  const worded = networkReason(err.code);
  if (worded) return worded;
  if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return `frame larger than ${maxPayload} bytes: connection dropped`;
  return err.code ? `${err.code}: ${err.message}` : err.message;
}

function rawToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function binaryFrame(): StreamFrame {
  return { type: 'rejected', rejection: { reason: 'unknown_frame', detail: 'binary frame ignored (protocol v1 is text only)' } };
}
