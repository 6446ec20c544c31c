import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Clock, TimerHandle } from '../clock.js';
import { decodeJsonLine, MAX_LINE_CHARS } from '../decode/decode-json-line.js';
import type { Rejection, TypedEvent } from '../decode/event.js';
import { rejectionExcerpt } from '../decode/rejection-excerpt.js';
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
  /** Lines to skip on resume: set in run() once the file is known to be the one the cursor was for. */
  private skipLines = 0;
  private readonly resume: { lines: number; file: string } | undefined;
  /** The file's identity (device:inode), written into cursors so a replaced file is never resumed into. */
  private fileIdentity = '';
  private listener: SourceListener | undefined;
  private stream: NodeJS.ReadableStream | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private sleeping: { handle: TimerHandle; wake: () => void } | undefined;
  private pace: { eventTime: number; wallTime: number } | undefined;
  private current: SourceStatus;
  private notice: string | undefined;

  constructor(path: string, opts: JsonlReplayOptions) {
    this.id = opts.id;
    this.path = path;
    this.clock = opts.clock;
    this.speed = opts.speed !== undefined && opts.speed > 0 ? opts.speed : 0;
    this.stdin = opts.stdin;
    this.maxLineChars = opts.maxLineChars ?? MAX_LINE_CHARS;
    this.resume = path === '-' ? undefined : parseReplayCursor(opts.resumeCursor);
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
      if (this.path !== '-') {
        const info = await stat(this.path);
        this.fileIdentity = `${info.dev}:${info.ino}`;
        if (this.resume && this.resume.file === this.fileIdentity) this.skipLines = this.resume.lines;
        else if (this.resume) this.notice = 'the stored resume point was for another file at this path: replaying from the start';
      }
      // Opened only once the file is known to exist: a stream that fails unread would throw uncaught.
      const stream = this.path === '-' ? (this.stdin ?? process.stdin) : createReadStream(this.path, { highWaterMark: READ_CHUNK_BYTES });
      this.stream = stream;
      this.setStatus({ state: 'connected', message: this.notice });
      for await (const items of readLineChunks(stream as AsyncIterable<Buffer | string>, this.maxLineChars)) {
        for (const item of items) {
          if (this.stopped) return;
          line++;
          if (line <= this.skipLines) continue;
          batchLines++;
          if ('tooLong' in item) {
            rejections.push({
              reason: 'frame_too_large', detail: `line ${line}: ${item.tooLong} chars exceeds the limit of ${this.maxLineChars}`, excerpt: item.head,
            });
          } else if (item.text.trim() !== '') {
            const result = decodeJsonLine(item.text, this.maxLineChars);
            if (!result.ok) {
              rejections.push({ ...result.rejection, detail: `line ${line}: ${result.rejection.detail}`, excerpt: rejectionExcerpt(item.text) });
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
      const short = line < this.skipLines ? ` (shorter than the ${this.skipLines} lines already read: the file was cut)` : '';
      this.setStatus({ state: 'ended', message: `end of input after ${line} lines${short}` });
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
    // No lag for a replay: arrival minus created_at would only be the recording's age.
    this.current = countDelivery(this.current, events, rejections, this.clock.now(), false);
    const cursor = this.path === '-' ? undefined : `${through}@${this.fileIdentity}`;
    this.listener?.batch({ sourceId: this.id, events, rejections, cursor });
  }

  private setStatus(patch: Partial<SourceStatus>): void {
    this.current = { ...this.current, ...patch };
    this.listener?.status(this.current);
  }
}

/** Reads a `<lines>@<device>:<inode>` replay cursor; anything else is no resume point. */
export function parseReplayCursor(cursor: string | undefined): { lines: number; file: string } | undefined {
  const m = cursor === undefined ? null : /^(\d+)@(\d+:\d+)$/.exec(cursor);
  if (!m) return undefined;
  const lines = Number(m[1]);
  return Number.isSafeInteger(lines) && lines > 0 ? { lines, file: m[2]! } : undefined;
}
