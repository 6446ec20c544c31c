// Feeds fuzz deliveries (hostile-events.ts) through the decoder and the real ingest pipeline into a model with
// small caps, as the sources would: a JSONL line through decodeJsonLine, a text frame through decodeStreamFrame
// (its items and frame-level rejections as the websocket source batches them), bytes decoded as UTF-8 first.
// It checks what the decoder must do on the way and keeps the ledger the model invariants are checked against.
import { decodeJsonLine } from '../../source/core/decode/decode-json-line.js';
import { decodeStreamFrame } from '../../source/core/decode/decode-stream-frame.js';
import { MAX_DETAIL_CHARS } from '../../source/core/decode/decode-envelope.js';
import { REJECTION_REASONS, type DecodeResult, type Rejection, type TypedEvent } from '../../source/core/decode/event.js';
import { ManualClock } from '../../source/core/clock.js';
import { ExecutionModel, type ModelCaps, DEFAULT_MODEL_CAPS } from '../../source/core/model/execution-model.js';
import { SeriesStore } from '../../source/core/metrics/series-store.js';
import { IngestPipeline } from '../../source/core/monitor/ingest-pipeline.js';
import type { MonitorSink } from '../../source/core/monitor/monitor-sink.js';
import type { SourceStatus } from '../../source/core/sources/event-source.js';
import { FUZZ_FRAME_CAP, FUZZ_T0, oversizedText, type Delivery, type Expectation } from './hostile-events.js';
import { FeedLedger, metricsViolations, modelViolations } from './model-invariants.js';

/** Caps small enough that a case of a few dozen events overflows every one of them. */
export const FUZZ_CAPS: ModelCaps = Object.freeze({
  ...DEFAULT_MODEL_CAPS,
  maxFinishedExecutions: 2,
  maxExecutions: 4,
  maxAttemptsPerExecution: 3,
  maxBufferedPerExecution: 3,
  maxBufferedTotal: 5,
  maxTombstones: 3,
  gapTimeoutMs: 2_000,
});

const REASONS: ReadonlySet<string> = new Set(REJECTION_REASONS);
/** The two sources deliveries come from (`source` 0 or 1). */
const SOURCES = ['fuzz', 'fuzz-b'] as const;

/** One model behind one pipeline, a manual clock, and the ledger of what went in. */
export class FuzzRig {
  readonly clock = new ManualClock(FUZZ_T0);
  readonly model: ExecutionModel;
  readonly ledger = new FeedLedger();
  /** What the decoder did wrong on the way (a valid envelope refused, a malformed rejection…). */
  readonly decodeProblems: string[] = [];
  /** The metrics' series store fed as MetricsSink feeds it, when asked for: what /metrics would say. */
  readonly series: SeriesStore | undefined;
  private readonly pipeline: IngestPipeline;

  constructor(readonly caps: ModelCaps = FUZZ_CAPS, options: { metrics?: boolean } = {}) {
    this.model = new ExecutionModel({ caps, sourceDownGraceMs: 5_000 });
    const close = async (): Promise<void> => {};
    const sinks: MonitorSink[] = [{ name: 'ledger', effects: (e) => this.ledger.effects(e), close }];
    if (options.metrics !== false) {
      const series = (this.series = new SeriesStore({ startedAt: FUZZ_T0 }));
      sinks.push({ name: 'series', effects: (e) => series.apply(e, this.clock.now()), batch: (b) => series.observeBatch(b, this.clock.now()), close });
    }
    this.pipeline = new IngestPipeline({ model: this.model, clock: this.clock, sinks });
  }

  /** Feeds one delivery. */
  feed(d: Delivery): void {
    switch (d.via) {
      case 'tick':
        this.clock.advance(d.advanceMs);
        this.pipeline.tick(this.clock.now());
        return;
      case 'status':
        this.pipeline.status(status(SOURCES[d.source ?? 0] ?? SOURCES[0], d.state));
        return;
      case 'line':
        this.deliver([this.checked(decodeJsonLine(d.text, FUZZ_FRAME_CAP), d.expect[0])], [], d.source);
        return;
      case 'bytes':
        // What a source does with bytes: UTF-8 with replacement characters (ws's rawToString, the JSONL reader's StringDecoder).
        this.deliver([this.checked(decodeJsonLine(Buffer.from(d.bytes).toString('utf8'), FUZZ_FRAME_CAP), d.expect[0])], [], d.source);
        return;
      case 'oversized': {
        const text = oversizedText(d.frame);
        const r = d.frame ? decodeStreamFrame(text, FUZZ_FRAME_CAP) : decodeJsonLine(text, FUZZ_FRAME_CAP);
        const rejection = 'type' in r ? (r.type === 'rejected' ? r.rejection : undefined) : r.ok ? undefined : r.rejection;
        if (rejection?.reason !== 'frame_too_large') this.decodeProblems.push(`a ${text.length}-char ${d.frame ? 'frame' : 'line'} over the cap was not rejected as frame_too_large`);
        this.deliver([], rejection === undefined ? [] : [rejection]);
        return;
      }
      case 'frame':
        this.frame(d.text, d.expect, d.source);
    }
  }

  /** Every invariant broken now, decoder problems first. */
  violations(): string[] {
    const metrics = this.series === undefined ? [] : metricsViolations(this.series, this.model, this.ledger);
    return [...this.decodeProblems, ...modelViolations(this.model, this.caps, this.ledger), ...metrics];
  }

  /** A text frame as the websocket source acts on it: items batched, an unknown or rejected frame one rejection, control frames nothing. */
  private frame(text: string, expect: readonly Expectation[], source?: number): void {
    const frame = decodeStreamFrame(text, FUZZ_FRAME_CAP);
    switch (frame.type) {
      case 'events': {
        if (expect.length > 0 && frame.items.length !== expect.length) this.decodeProblems.push(`a frame of ${expect.length} items decoded to ${frame.items.length}`);
        this.deliver(frame.items.map((item, i) => this.checked(item.result, expect[i])), [], source);
        return;
      }
      case 'unknown':
        this.deliver([], [{ reason: 'unknown_frame', detail: `ignored unknown frame type ${JSON.stringify(frame.frameType.slice(0, 40))}` }], source);
        return;
      case 'rejected': {
        this.checkRejection(frame.rejection);
        // Valid envelopes beside deeply nested ones may make a frame too large: that is the only excuse.
        const tooLarge = frame.rejection.reason === 'frame_too_large' && text.length > FUZZ_FRAME_CAP;
        if (!tooLarge && expect.some((e) => e !== undefined)) this.decodeProblems.push(`a frame of valid envelopes was rejected: ${frame.rejection.reason} ${frame.rejection.detail}`);
        this.deliver([], [frame.rejection], source);
        return;
      }
      default:
        if (expect.length > 0) this.decodeProblems.push(`an events frame decoded as ${frame.type}`);
    }
  }

  /** Checks one decode result against what it must be, and passes it on. */
  private checked(r: DecodeResult, expect: Expectation): DecodeResult {
    if (!r.ok) {
      this.checkRejection(r.rejection);
      if (expect !== undefined) this.decodeProblems.push(`a valid envelope of ${expect.executionId}#${expect.sequence} was rejected: ${r.rejection.reason} ${r.rejection.detail}`);
    } else if (expect !== undefined && (r.event.executionId !== expect.executionId || r.event.sequence !== expect.sequence)) {
      this.decodeProblems.push(`${expect.executionId}#${expect.sequence} decoded as ${r.event.executionId}#${r.event.sequence}`);
    } else if (!/^exec_[0-9a-f]{32}$/.test(r.event.executionId) || !Number.isSafeInteger(r.event.sequence) || r.event.sequence < 1 || !Number.isFinite(r.event.time)) {
      this.decodeProblems.push(`accepted an event with id ${r.event.executionId}, sequence ${r.event.sequence}, time ${r.event.time}`);
    }
    return r;
  }

  private checkRejection(r: Rejection): void {
    if (!REASONS.has(r.reason)) this.decodeProblems.push(`rejection with an unknown reason ${String(r.reason)}`);
    if (typeof r.detail !== 'string' || r.detail === '' || r.detail.length > MAX_DETAIL_CHARS) this.decodeProblems.push(`rejection detail ${JSON.stringify(r.detail)?.slice(0, 80)}`);
  }

  private deliver(results: readonly DecodeResult[], extra: readonly Rejection[] = [], source = 0): void {
    const events: TypedEvent[] = [];
    const rejections: Rejection[] = [...extra];
    for (const r of results) {
      if (r.ok) events.push(r.event);
      else rejections.push(r.rejection);
    }
    if (events.length === 0 && rejections.length === 0) return;
    this.ledger.events += events.length;
    for (const r of rejections) this.ledger.reject(r.reason);
    this.pipeline.batch({ sourceId: SOURCES[source] ?? SOURCES[0], events, rejections });
  }
}


function status(id: string, state: SourceStatus['state']): SourceStatus {
  return { id, url: `fuzz://${id}`, kind: 'websocket', state, events: 0, rejected: 0, reconnects: 0 };
}

/** Feeds a whole case, checking the invariants after every delivery (or only at the end); returns the first violations. */
export function runCase(deliveries: readonly Delivery[], options: { everyStep?: boolean; caps?: ModelCaps; metrics?: boolean } = {}): string[] {
  const rig = new FuzzRig(options.caps, { metrics: options.metrics });
  for (let i = 0; i < deliveries.length; i++) {
    rig.feed(deliveries[i]!);
    if (options.everyStep !== false || i === deliveries.length - 1) {
      const v = rig.violations();
      if (v.length > 0) return [`after delivery ${i + 1} of ${deliveries.length}:`, ...v];
    }
  }
  return [];
}
