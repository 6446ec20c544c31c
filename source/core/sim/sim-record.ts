/** Executions the sim's record keeps (oldest first out, counted): at the demo's ~20 events each, 2M events. */
export const SIM_RECORD_EXECUTIONS_CAP = 100_000;

/** The sim's own record as `GET /sim/record` serves it: per execution id, the sequences emitted, as ranges. */
export interface SimRecordBody {
  /** The newest stream cursor assigned (every cursor up to it is in the record). */
  cursor: number;
  events: number;
  /** Hyphenated execution id → ascending, non-overlapping inclusive ranges `[from, to]` of sequences emitted. */
  executions: Record<string, [number, number][]>;
  /** Executions dropped from the front past SIM_RECORD_EXECUTIONS_CAP (0 unless the run was very long). */
  droppedExecutions: number;
}

/** What the sim emitted, per (execution id, sequence), compactly: a run of consecutive sequences costs one range. */
export class SimRecord {
  private readonly ranges = new Map<string, number[]>();
  private events = 0;
  private dropped = 0;

  constructor(private readonly cap = SIM_RECORD_EXECUTIONS_CAP) {}

  /** Adds one emitted event. */
  add(executionId: string, sequence: number): void {
    this.events++;
    const r = this.ranges.get(executionId);
    if (!r) {
      if (this.ranges.size >= this.cap) {
        const oldest = this.ranges.keys().next().value as string;
        this.ranges.delete(oldest);
        this.dropped++;
      }
      this.ranges.set(executionId, [sequence, sequence]);
      return;
    }
    if (sequence === r[r.length - 1]! + 1) r[r.length - 1] = sequence;
    else r.push(sequence, sequence);
  }

  /** The record as served, with the stream's newest cursor. */
  toJson(cursor: number): SimRecordBody {
    const executions: Record<string, [number, number][]> = {};
    for (const [id, r] of this.ranges) {
      const pairs: [number, number][] = [];
      for (let i = 0; i < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
      executions[id] = pairs;
    }
    return { cursor, events: this.events, executions, droppedExecutions: this.dropped };
  }
}
