import type { TypedEvent } from '../decode/event.js';
import type { ExecState } from './model-state.js';

/** The caps the gate needs (see ModelCaps). */
export interface GateCaps {
  readonly maxBufferedPerExecution: number;
  readonly maxBufferedTotal: number;
  readonly gapTimeoutMs: number;
}

/**
 * Per-execution dedupe and ordering by `sequence`. Each execution keeps a contiguous watermark, the
 * sequences applied above it (after a gap was given up on) and the events held behind a missing one.
 * An event at or under the watermark, applied above it, or already held is a duplicate. The next
 * expected sequence is applied at once and releases its held successors; one further ahead is held
 * until the gap fills, its cap overflows, or it is older than gapTimeoutMs; then the held events are
 * applied in order. A missing event that turns up later still fills its hole, once.
 */
export class SequenceGate {
  /** Gaps given up on. */
  gaps = 0;
  /** Events held right now, all executions. */
  bufferedTotal = 0;
  private readonly waiting = new Set<ExecState>();

  constructor(
    private readonly caps: GateCaps,
    private readonly apply: (exec: ExecState, event: TypedEvent, source: string) => void,
  ) {}

  /** Offers an event; false when it is a duplicate (nothing done). */
  offer(exec: ExecState, event: TypedEvent, source: string, now: number): boolean {
    const seq = event.sequence;
    if (seq <= exec.watermark || exec.above?.has(seq) === true || exec.buffer?.has(seq) === true) return false;
    if (seq === exec.maxApplied + 1 || seq < exec.maxApplied) {
      // Next in line, or a late event filling a hole left by a gap given up on: apply now.
      this.applyOne(exec, event, source);
      this.drain(exec);
      return true;
    }
    const buffer = (exec.buffer ??= new Map());
    if (buffer.size === 0) {
      exec.bufferedSince = now;
      this.waiting.add(exec);
    }
    buffer.set(seq, { event, source, at: now });
    this.bufferedTotal++;
    if (buffer.size > this.caps.maxBufferedPerExecution || this.bufferedTotal > this.caps.maxBufferedTotal) this.flush(exec);
    return true;
  }

  /** Gives up on every gap older than gapTimeoutMs; true when anything was applied. */
  expire(now: number): boolean {
    let changed = false;
    for (const exec of this.waiting) {
      if (now - exec.bufferedSince >= this.caps.gapTimeoutMs) {
        this.flush(exec);
        changed = true;
      }
    }
    return changed;
  }

  /** Forgets an execution's held events (it is being evicted); returns how many there were. */
  drop(exec: ExecState): number {
    // Only an execution with a buffer can be waiting: most never buffered, skip the Set lookup.
    if (exec.buffer === undefined) return 0;
    const held = exec.buffer.size;
    this.bufferedTotal -= held;
    exec.buffer = undefined;
    this.waiting.delete(exec);
    return held;
  }

  private applyOne(exec: ExecState, event: TypedEvent, source: string): void {
    const seq = event.sequence;
    if (seq === exec.watermark + 1) {
      exec.watermark = seq;
      while (exec.above !== undefined && exec.above.delete(exec.watermark + 1)) exec.watermark++;
    } else {
      (exec.above ??= new Set()).add(seq);
      // A hole that never fills must not grow memory forever: past the cap, forget the holes
      // (a missing event that arrives after that counts as a duplicate).
      if (exec.above.size > this.caps.maxBufferedPerExecution) {
        exec.watermark = Math.max(exec.maxApplied, seq);
        exec.above = undefined;
      }
    }
    if (seq > exec.maxApplied) exec.maxApplied = seq;
    this.apply(exec, event, source);
  }

  private drain(exec: ExecState): void {
    const buffer = exec.buffer;
    if (buffer === undefined || buffer.size === 0) return;
    let next = buffer.get(exec.maxApplied + 1);
    while (next !== undefined) {
      buffer.delete(next.event.sequence);
      this.bufferedTotal--;
      this.applyOne(exec, next.event, next.source);
      next = buffer.get(exec.maxApplied + 1);
    }
    if (buffer.size === 0) {
      this.waiting.delete(exec);
      return;
    }
    let oldest = Infinity;
    for (const held of buffer.values()) oldest = Math.min(oldest, held.at);
    exec.bufferedSince = oldest;
  }

  private flush(exec: ExecState): void {
    const buffer = exec.buffer;
    this.waiting.delete(exec);
    if (buffer === undefined || buffer.size === 0) return;
    // Joining an execution mid-stream (nothing applied yet) is not a loss; a hole after applied events is.
    if (exec.maxApplied > 0) this.gaps++;
    const held = [...buffer.values()].sort((a, b) => a.event.sequence - b.event.sequence);
    buffer.clear();
    this.bufferedTotal -= held.length;
    for (const h of held) this.applyOne(exec, h.event, h.source);
  }
}
