import type { Clock, TimerHandle } from '../clock.js';
import { decodeEnvelope } from '../decode/decode-envelope.js';
import type { Rejection, TypedEvent } from '../decode/event.js';
import { rejectionExcerpt } from '../decode/rejection-excerpt.js';
import { TERMINAL_EVENT_TYPES as TERMINAL_KINDS, TERMINAL_STATUS_SET as TERMINAL_STATUSES } from '../model/lifecycle.js';
import { BadResponseError, HttpStatusError } from '../runtime-api/runtime-api-error.js';
import { REST_MAX_RESPONSE_BYTES, RuntimeClient, type FetchLike } from '../runtime-api/runtime-client.js';
import { Backoff } from './backoff.js';
import type { EventSource, SourceListener, SourceOptions, SourceState, SourceStatus } from './event-source.js';
import { countDelivery } from './count-delivery.js';
import { redactUrl } from './redact-url.js';
import { parseRestCursor } from './rest-cursor.js';
import { forEachLimited } from './for-each-limited.js';

/** Interval between polls of the watched executions' event logs (what `jamjet run --stream` uses). */
export const REST_POLL_MS = 500;
/** Interval between discovery listings (`GET /executions`). */
export const REST_DISCOVERY_MS = 1_000;
/** Page size of a discovery listing (the runtime's default). */
export const REST_PAGE_SIZE = 50;
/** Most pages one discovery reads, however busy the runtime. */
export const REST_MAX_DISCOVERY_PAGES = 10;
/** Event-log fetches in flight at once. */
export const REST_MAX_CONCURRENT_FETCHES = 4;
/** Executions whose logs are polled; past it the least recently active one is let go. */
export const REST_MAX_WATCHED = 256;
/** Finished executions remembered (with their last sequence) so a listing or a restart never re-delivers them. */
export const REST_MAX_REMEMBERED = 1_000;
/** Polls after the terminal event: the runtime's log is not sealed, a late node_completed may follow. */
export const REST_LINGER_POLLS = 3;
/** Longest wait before polling again one execution whose log the runtime failed to serve. */
export const REST_EXECUTION_RETRY_CAP_MS = 30_000;

/** Options of {@link RestPollingEventSource}. */
export interface RestPollingOptions extends SourceOptions {
  readonly clock: Clock;
  readonly pollMs?: number;
  readonly discoveryMs?: number;
  readonly fetchTimeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly maxWatched?: number;
  readonly random?: () => number;
  /** Defaults to the global fetch. */
  readonly fetch?: FetchLike;
  /** Executions (`exec_` ids) polled from the start and never let go for room, listed or not (`jamjet follow`). */
  readonly pin?: readonly string[] | undefined;
}

/** One execution being polled. */
interface Watch {
  readonly key: string;
  lastSeq: number;
  /** Entries of the log already looked at, so an entry without a usable sequence is rejected once. */
  seenLen: number;
  /** Polls left once terminal; undefined while running. */
  lingerLeft: number | undefined;
  lastActivity: number;
  /** Failed polls in a row of this execution alone (a 5xx or a bad body), and when to try it again. */
  failures: number;
  retryAt: number;
}

/** Polls a JamJet runtime's REST API (shared/reference/jamjet-runtime.md §3): discovers executions, tails their logs. */
export class RestPollingEventSource implements EventSource {
  readonly id: string;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly discoveryMs: number;
  private readonly maxBytes: number;
  private readonly maxWatched: number;
  private readonly backoff: Backoff;
  private readonly abort = new AbortController();
  private readonly client: RuntimeClient;
  private readonly watched = new Map<string, Watch>();
  /** Finished executions → last sequence delivered, oldest first. */
  private readonly finished = new Map<string, number>();
  /** Of those, the ones let go for room while still running: a listing that shows them changed brings them back. */
  private readonly letGo = new Set<string>();
  private readonly pinned: ReadonlySet<string>;
  private watermark: number | undefined;
  private nextDiscoveryAt = 0;
  private notice: string | undefined;
  private listener: SourceListener | undefined;
  private timer: TimerHandle | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private current: SourceStatus;
  /** Executions dropped because the runtime answered 404 for them. */
  dropped = 0;
  /** Executions let go because the watch list was full. */
  evicted = 0;

  constructor(url: string, opts: RestPollingOptions) {
    this.id = opts.id;
    this.clock = opts.clock;
    this.maxBytes = opts.maxResponseBytes ?? REST_MAX_RESPONSE_BYTES;
    this.client = new RuntimeClient(url, { token: opts.token, timeoutMs: opts.fetchTimeoutMs, maxResponseBytes: this.maxBytes, signal: this.abort.signal, fetch: opts.fetch });
    this.pollMs = opts.pollMs ?? REST_POLL_MS;
    this.discoveryMs = opts.discoveryMs ?? REST_DISCOVERY_MS;
    this.maxWatched = opts.maxWatched ?? REST_MAX_WATCHED;
    this.backoff = new Backoff(opts.random ? { random: opts.random } : {});
    this.restore(opts.resumeCursor);
    // The first listing reads only the newest page: a pinned execution may be older than that.
    this.pinned = new Set(opts.pin ?? []);
    for (const key of this.pinned) {
      if (this.watched.has(key)) continue;
      const seq = this.finished.get(key) ?? 0;
      this.finished.delete(key);
      this.watch(key, seq, undefined);
    }
    this.current = { id: opts.id, url: redactUrl(url), kind: 'rest', state: 'connecting', events: 0, rejected: 0, reconnects: 0 };
  }

  start(listener: SourceListener): void {
    this.listener = listener;
    // Said even though the status was already `connecting`: the listener learns of the source here.
    this.current = { ...this.current, state: 'connecting', message: undefined, reason: undefined };
    listener.status(this.current);
    this.ticking = this.tick();
  }

  status(): SourceStatus {
    return this.current;
  }

  /** Executions currently polled (exec_ ids). */
  watching(): string[] {
    return [...this.watched.keys()];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.clock.clear(this.timer);
    this.abort.abort();
    await this.ticking;
    this.setStatus('ended', 'stopped');
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    let failure: unknown;
    try {
      if (this.clock.now() >= this.nextDiscoveryAt) {
        await this.discover();
        this.nextDiscoveryAt = this.clock.now() + this.discoveryMs;
      }
      const now = this.clock.now();
      const due = [...this.watched.values()].filter((w) => w.retryAt <= now);
      await forEachLimited(due, REST_MAX_CONCURRENT_FETCHES, (w) => this.pollOne(w));
    } catch (err) {
      failure = err;
    }
    if (this.stopped) return;
    let delay = this.pollMs;
    if (failure === undefined) {
      this.backoff.reset();
      this.setStatus('connected', this.notice);
    } else {
      delay = this.backoff.next();
      const { state, reason } = classify(failure, this.client);
      this.current = { ...this.current, reconnects: this.current.reconnects + 1 };
      this.setStatus(state, `${reason} (attempt ${this.current.reconnects}, retry in ${(delay / 1000).toFixed(1)}s)`, reason);
    }
    this.timer = this.clock.setTimeout(() => {
      this.ticking = this.tick();
    }, delay);
  }

  /** Lists executions newest first, paging while a full page still holds executions updated since last time. */
  private async discover(): Promise<void> {
    const watermark = this.watermark;
    let newest = watermark ?? -Infinity;
    for (let page = 0; page < REST_MAX_DISCOVERY_PAGES; page++) {
      const list = await this.client.listExecutions({ limit: REST_PAGE_SIZE, offset: page * REST_PAGE_SIZE });
      let reachedOld = false;
      for (const rec of list) {
        // A record without a time counts as old: it never moves the watermark nor keeps the paging going.
        const updated = rec.updatedAt ?? NaN;
        if (updated > newest) newest = updated;
        if (watermark !== undefined && !(updated >= watermark)) reachedOld = true;
        const changed = watermark === undefined || updated > watermark;
        this.consider(rec.executionId, rec.status !== undefined && TERMINAL_STATUSES.has(rec.status), changed);
      }
      // The first listing reads one page: the dashboard starts from the recent past, not the whole history.
      if (list.length < REST_PAGE_SIZE || watermark === undefined || reachedOld) break;
    }
    if (Number.isFinite(newest)) this.watermark = newest;
  }

  /** Decides what a listed execution needs: start watching it, note that it ended, or nothing. */
  private consider(key: string, terminal: boolean, changed: boolean): void {
    const w = this.watched.get(key);
    if (w) {
      if (terminal && w.lingerLeft === undefined) w.lingerLeft = REST_LINGER_POLLS;
      return;
    }
    const done = this.finished.get(key);
    // A finished execution never comes back; one let go for room comes back when the runtime changed it since the
    // last listing, ended or not (its events since the let-go are still in its log).
    if (done !== undefined && !(changed && this.letGo.has(key)) && (terminal || !changed)) return;
    this.finished.delete(key);
    this.letGo.delete(key);
    // Unseen and already terminal (it started and ended between two listings): fetched, lingered, let go.
    this.watch(key, done ?? 0, terminal ? REST_LINGER_POLLS : undefined);
  }

  private watch(key: string, lastSeq: number, lingerLeft: number | undefined): void {
    if (this.watched.size >= this.maxWatched) this.evictOne();
    this.watched.set(key, { key, lastSeq, seenLen: 0, lingerLeft, lastActivity: this.clock.now(), failures: 0, retryAt: 0 });
  }

  /** Makes room: a lingering execution first, else the one quiet for longest. */
  private evictOne(): void {
    let victim: Watch | undefined;
    for (const w of this.watched.values()) {
      if (this.pinned.has(w.key)) continue;
      if (w.lingerLeft !== undefined) {
        victim = w;
        break;
      }
      if (!victim || w.lastActivity < victim.lastActivity) victim = w;
    }
    if (!victim) return;
    this.finish(victim);
    if (victim.lingerLeft === undefined) this.letGo.add(victim.key);
    this.evicted++;
    this.notice = `watching the cap of ${this.maxWatched} executions: ${this.evicted} quiet ones let go`;
  }

  private finish(w: Watch): void {
    this.watched.delete(w.key);
    this.finished.set(w.key, w.lastSeq);
    for (const old of this.finished.keys()) {
      if (this.finished.size <= REST_MAX_REMEMBERED) break;
      this.finished.delete(old);
      this.letGo.delete(old);
    }
  }

  /** Fetches one execution's full log and delivers the entries after the last sequence seen. */
  private async pollOne(w: Watch): Promise<void> {
    let log: unknown[];
    try {
      log = await this.client.getEvents(w.key);
    } catch (err) {
      if (this.stopped) return;
      if (err instanceof HttpStatusError && err.status === 404) return this.drop(w, `execution ${w.key} not found (404): dropped`);
      if (err instanceof BadResponseError && err.tooLarge) {
        this.deliver([], [{ reason: 'frame_too_large', detail: err.message, executionId: w.key }]);
        return this.drop(w, `execution ${w.key}: event log over ${this.maxBytes} bytes, no longer polled`);
      }
      // One execution the runtime cannot serve must not take the source down: back off that one alone.
      if ((err instanceof HttpStatusError && err.status >= 500) || err instanceof BadResponseError) return this.failOne(w, err.message);
      throw err;
    }
    if (this.stopped || !this.watched.has(w.key)) return;
    if (w.failures > 0) {
      w.failures = 0;
      if (this.notice?.startsWith(`execution ${w.key}:`)) this.notice = undefined;
    }
    const fresh: { seq: number; raw: unknown }[] = [];
    let terminal = false;
    for (let i = 0; i < log.length; i++) {
      const raw = log[i] as { sequence?: unknown; kind?: { type?: unknown } } | null;
      const seq = raw?.sequence;
      // Terminal-ness reads the whole log, so a restored execution that already ended is let go.
      if (typeof raw?.kind?.type === 'string' && TERMINAL_KINDS.has(raw.kind.type)) terminal = true;
      if (typeof seq === 'number' && Number.isSafeInteger(seq)) {
        if (seq > w.lastSeq) fresh.push({ seq, raw });
      } else if (i >= w.seenLen) {
        fresh.push({ seq: Infinity, raw });
      }
    }
    w.seenLen = log.length;
    const events: TypedEvent[] = [];
    const rejections: Rejection[] = [];
    fresh.sort((a, b) => a.seq - b.seq);
    for (const { seq, raw } of fresh) {
      const result = decodeEnvelope(raw);
      if (result.ok) events.push(result.event);
      else rejections.push({ ...result.rejection, executionId: w.key, excerpt: rejectionExcerpt(raw) });
      if (Number.isFinite(seq) && seq > w.lastSeq) w.lastSeq = seq;
    }
    if (events.length > 0) w.lastActivity = this.clock.now();
    if (w.lingerLeft !== undefined) {
      if (--w.lingerLeft <= 0) this.finish(w);
    } else if (terminal) {
      w.lingerLeft = REST_LINGER_POLLS;
    }
    if (events.length > 0 || rejections.length > 0) this.deliver(events, rejections);
  }

  /** Backs off one execution (doubling from the poll interval, capped) and says so on the status line. */
  private failOne(w: Watch, reason: string): void {
    w.failures++;
    const delay = Math.min(REST_EXECUTION_RETRY_CAP_MS, this.pollMs * 2 ** w.failures);
    w.retryAt = this.clock.now() + delay;
    this.notice = `execution ${w.key}: ${reason} (${w.failures} in a row, retrying it in ${(delay / 1000).toFixed(1)}s)`;
  }

  private drop(w: Watch, message: string): void {
    this.watched.delete(w.key);
    this.dropped++;
    this.notice = message;
  }

  private deliver(events: TypedEvent[], rejections: Rejection[]): void {
    this.current = countDelivery(this.current, events, rejections, this.clock.now());
    this.listener?.batch({ sourceId: this.id, events, rejections, cursor: this.cursor() });
  }

  /** `{ "<exec id>": lastSeq }` for remembered then watched executions (bounded by both caps). */
  cursor(): string {
    const out: Record<string, number> = {};
    for (const [key, seq] of this.finished) out[key] = seq;
    for (const w of this.watched.values()) out[w.key] = w.lastSeq;
    return JSON.stringify(out);
  }

  /** Reads a cursor from a previous run: the newest entries are checked once, the rest only remembered. */
  private restore(cursor: string | undefined): void {
    const entries = parseRestCursor(cursor);
    const checkFrom = Math.max(0, entries.length - this.maxWatched);
    entries.forEach(([key, seq], i) => {
      if (i < checkFrom) this.finished.set(key, seq);
      else this.watch(key, seq, undefined);
    });
    while (this.finished.size > REST_MAX_REMEMBERED) this.finished.delete(this.finished.keys().next().value as string);
  }

  private setStatus(state: SourceState, message: string | undefined, reason?: string): void {
    if (state === this.current.state && message === this.current.message && reason === this.current.reason) return;
    this.current = { ...this.current, state, message, reason };
    this.listener?.status(this.current);
  }
}

/** What a failed poll means for the status: a refused token is an error (retrying will not fix it), the rest transient. */
function classify(err: unknown, client: RuntimeClient): { state: SourceState; reason: string } {
  const refused = err instanceof HttpStatusError && (err.status === 401 || err.status === 403);
  return { state: refused ? 'error' : 'reconnecting', reason: client.describe(err) };
}
