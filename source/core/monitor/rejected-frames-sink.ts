import type { Clock } from '../clock.js';
import type { RejectionReason } from '../decode/event.js';
import type { SourceBatch } from '../sources/event-source.js';
import type { MonitorSink } from './monitor-sink.js';

/** Rejected inputs kept per source: the Sources pane shows the newest of them. */
export const REJECTED_FRAMES_PER_SOURCE = 20;
/** Sources whose rejected inputs are kept; past it the source that rejected least recently is forgotten. */
export const REJECTED_FRAMES_MAX_SOURCES = 32;

/** One rejected line, frame or envelope, as the Sources pane lists it. */
export interface RejectedFrame {
  /** When the monitor received it (epoch ms, the monitor's clock). */
  readonly at: number;
  readonly reason: RejectionReason;
  /** One line for humans (no payload echoed). */
  readonly detail: string;
  /** The start of the raw input, when the source had it; raw wire text, sanitise before display. */
  readonly excerpt?: string | undefined;
}

/** Each source's last rejected inputs, newest first, by source id. */
export type RejectedFrames = Readonly<Record<string, readonly RejectedFrame[]>>;

/**
 * Keeps a capped ring of the last rejected inputs of each source, so the Sources pane can show what was
 * rejected and why, not only how many. Costs nothing for a batch without rejections.
 */
export class RejectedFramesSink implements MonitorSink {
  readonly name = 'rejected-frames';
  /** Oldest first within a ring; the map is in order of each source's latest rejection. */
  private readonly rings = new Map<string, RejectedFrame[]>();
  private view: RejectedFrames | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly perSource: number = REJECTED_FRAMES_PER_SOURCE,
    private readonly maxSources: number = REJECTED_FRAMES_MAX_SOURCES,
  ) {}

  batch(batch: SourceBatch): void {
    const { rejections, sourceId } = batch;
    if (rejections.length === 0) return;
    const at = this.clock.now();
    const ring = this.rings.get(sourceId) ?? [];
    this.rings.delete(sourceId);
    this.rings.set(sourceId, ring);
    if (this.rings.size > this.maxSources) this.rings.delete(this.rings.keys().next().value as string);
    // A burst of rejections copies only the ones that will stay.
    for (let i = Math.max(0, rejections.length - this.perSource); i < rejections.length; i++) {
      const { reason, detail, excerpt } = rejections[i]!;
      ring.push({ at, reason, detail, excerpt });
    }
    if (ring.length > this.perSource) ring.splice(0, ring.length - this.perSource);
    this.view = undefined;
  }

  /** The snapshot's `rejectedFrames`: newest first per source; the same object until something new is rejected. */
  rejectedFrames(): RejectedFrames {
    this.view ??= Object.freeze(Object.fromEntries([...this.rings].map(([id, ring]) => [id, Object.freeze([...ring].reverse())])));
    return this.view;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
