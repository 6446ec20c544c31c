import type { ActiveList } from './active-list.js';
import type { ExecState } from './model-state.js';

/**
 * The stale flags of unfinished executions and how many are set. An execution is stale while the source
 * that last fed it has stopped sending (source-liveness.ts); only unfinished executions are ever marked.
 */
export class StaleMarks {
  private stale = 0;

  /** `changed` is told about each execution whose flag flips (the model bumps its revision). */
  constructor(
    private readonly active: ActiveList<ExecState>,
    private readonly changed: (exec: ExecState) => void,
  ) {}

  /** Stale executions right now. */
  get count(): number {
    return this.stale;
  }

  /** Sets or clears one execution's flag. */
  set(exec: ExecState, stale: boolean): void {
    if (exec.stale === stale) return;
    exec.stale = stale;
    this.stale += stale ? 1 : -1;
    this.changed(exec);
  }

  /** Sets or clears the flag of every unfinished execution last fed by `sourceId`. */
  markSource(sourceId: string, stale: boolean): void {
    this.active.forEach((exec) => {
      if (exec.lastSource === sourceId) this.set(exec, stale);
    });
  }

  /** The stale executions (walks the unfinished ones only while some are stale). */
  list(): ExecState[] {
    const out: ExecState[] = [];
    if (this.stale > 0) this.active.forEach((exec) => exec.stale && out.push(exec));
    return out;
  }

  /** Forgets an execution leaving memory (evicted). */
  forget(exec: ExecState): void {
    if (exec.stale) this.stale--;
    exec.stale = false;
  }
}
