import { createReadStream } from 'node:fs';
import type { Clock, TimerHandle } from '../clock.js';
import { decodeJsonLine, MAX_LINE_CHARS } from '../decode/decode-json-line.js';
import type { Rejection, TypedEvent } from '../decode/event.js';
import type { EventSource, SourceListener, SourceOptions, SourceStatus } from './event-source.js';
import { countDelivery } from './count-delivery.js';
import { readLineChunks } from './read-line-chunks.js';

/** Most lines handed over in one SourceBatch; the source yields to the event loop between batches. */
export const REPLAY_BATCH_LINES = 512;
/** Read-ahead of the file stream. */
const READ_CHUNK_BYTES = 256 * 1024;

/** Options of {@link JsonlReplayEventSource}. */
export interface JsonlReplayOptions extends SourceOptions {
  readonly clock: Clock;
  /** 0 or absent: as fast as possible; N: replay at N× the spacing of `created_at`. */
  readonly speed?: number | undefined;
  /** The stream read for the path `-` (default process.stdin). */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Lines longer than this are rejected as frame_too_large without being buffered. */
  readonly maxLineChars?: number;
}

/** Replays JamJet Event envelopes from a JSONL file or stdin (`-`); the cursor is the number of lines consumed. */
export class JsonlReplayEventSource implements EventSource {
  readonly id: string;
  private readonly path: string;
  private readonly clock: Clock;
  private readonly speed: number;
  private readonly stdin: NodeJS.ReadableStream | undefined;
  private readonly maxLineChars: number;
  private readonly skipLines: number;
  private listener: SourceListener | undefined;
  private stream: NodeJS.ReadableStream | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private sleeping: { handle: TimerHandle; wake: () => void } | undefined;
  private pace: { eventTime: number; wallTime: number } | undefined;
  private current: SourceStatus;

  constructor(path: string, opts: JsonlReplayOptions) {
    this.id = opts.id;
    this.path = path;
    this.clock = opts.clock;
    this.speed = opts.speed !== undefined && opts.speed > 0 ? opts.speed : 0;
    this.stdin = opts.stdin;
    this.maxLineChars = opts.maxLineChars ?? MAX_LINE_CHARS;
    const skip = Number(opts.resumeCursor);
    this.skipLines = Number.isSafeInteger(skip) && skip > 0 ? skip : 0;
    this.current = { id: opts.id, url: path, kind: 'jsonl', state: 'connecting', events: 0, rejected: 0, reconnects: 0 };
  }

  start(listener: SourceListener): void {
    this.listener = listener;
    this.setStatus({ state: 'connecting' });
    this.running = this.run();
  }

  status(): SourceStatus {
    return this.current;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sleeping) {
      this.clock.clear(this.sleeping.handle);
      this.sleeping.wake();
    }
    const stream = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    stream?.destroy?.();
    await this.running;
  }

  private async run(): Promise<void> {
    const stream = this.path === '-' ? (this.stdin ?? process.stdin) : createReadStream(this.path, { highWaterMark: READ_CHUNK_BYTES });
    this.stream = stream;
    let line = 0;
    let events: TypedEvent[] = [];
    let rejections: Rejection[] = [];
    let batchLines = 0;
    const flush = async (through: number): Promise<void> => {
      if ((events.length > 0 || rejections.length > 0) && !this.stopped) this.deliver(events, rejections, through);
      events = [];
      rejections = [];
      batchLines = 0;
      // Let the UI and timers run between batches, however fast the input is.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    try {
      this.setStatus({ state: 'connected' });
      for await (const items of readLineChunks(stream as AsyncIterable<Buffer | string>, this.maxLineChars)) {
        for (const item of items) {
          if (this.stopped) return;
          line++;
          if (line <= this.skipLines) continue;
          batchLines++;
          if ('tooLong' in item) {
            rejections.push({ reason: 'frame_too_large', detail: `line ${line}: ${item.tooLong} chars exceeds the limit of ${this.maxLineChars}` });
          } else if (item.text.trim() !== '') {
            const result = decodeJsonLine(item.text, this.maxLineChars);
            if (!result.ok) {
              rejections.push({ ...result.rejection, detail: `line ${line}: ${result.rejection.detail}` });
            } else {
              const due = this.dueAt(result.event.time);
              if (due > this.clock.now()) {
                // Deliver what came before, then hold this event until its replay time.
                batchLines--;
                await flush(line - 1);
                batchLines++;
                // The deadline is absolute: time spent flushing counts towards the wait.
                const wait = due - this.clock.now();
                if (wait > 0) await this.sleep(wait);
                if (this.stopped) return;
              }
              events.push(result.event);
            }
          }
          if (batchLines >= REPLAY_BATCH_LINES) await flush(line);
        }
        await flush(line);
      }
      if (this.stopped) return;
      this.setStatus({ state: 'ended', message: `end of input after ${line} lines` });
    } catch (err) {
      if (this.stopped) return;
      const e = err as NodeJS.ErrnoException;
      const message = e.code === 'ENOENT' ? `no such file: ${this.path}` : `cannot read ${this.path}: ${e.message}`;
      this.setStatus({ state: 'error', message });
    }
  }

  /** Clock time at which an event created at `time` is due, keeping `speed`× the original spacing. */
  private dueAt(time: number): number {
    const now = this.clock.now();
    if (this.speed === 0) return now;
    if (!this.pace) {
      this.pace = { eventTime: time, wallTime: now };
      return now;
    }
    // Events of interleaved executions may step back in time: those are due at once.
    return Math.ceil(this.pace.wallTime + (time - this.pace.eventTime) / this.speed);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const handle = this.clock.setTimeout(() => {
        this.sleeping = undefined;
        resolve();
      }, ms);
      this.sleeping = { handle, wake: resolve };
    });
  }

  private deliver(events: TypedEvent[], rejections: Rejection[], through: number): void {
    // No lagMs: for a recording, arrival minus created_at is the age of the file, not a lag.
    // No lag for a replay: arrival minus created_at would only be the recording's age.
    this.current = countDelivery(this.current, events, rejections, this.clock.now(), false);
    this.listener?.batch({ sourceId: this.id, events, rejections, cursor: String(through) });
  }

  private setStatus(patch: Partial<SourceStatus>): void {
    this.current = { ...this.current, ...patch };
    this.listener?.status(this.current);
  }
}
