import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * What `jamjet sim --state-file` keeps so that a killed sim continues the same workload with the same cursors.
 * The events themselves are not kept: they are a pure function of the workload (seed, rate, executions, start
 * time), so a restart regenerates every event up to `virtualTime` without sending it, which rebuilds the cursors,
 * the replay ring, the REST store and the record exactly, then carries on from there.
 */
export interface SimState {
  version: 1;
  seed: number;
  rate: number;
  /** The --executions limit, null for none. */
  executions: number | null;
  /** Virtual time the workload started at. */
  startTime: number;
  /** Virtual time every event up to which has been emitted; written before those events are sent. */
  virtualTime: number;
  /** The newest cursor assigned at `virtualTime` (a check: the regeneration must reach exactly this one). */
  cursor: number;
  /** The stream's epoch, kept so a client's cursor stays valid across the restart. */
  epoch: string;
}

/** A state file that cannot be used (unreadable, not a state file, or another workload's): exit 2, named. */
export class SimStateError extends Error {}

/** Reads a state file: undefined when there is none; throws an Error naming the file when it is unusable. */
export function readSimState(path: string): SimState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SimStateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let s: Partial<SimState>;
  try {
    s = JSON.parse(text) as Partial<SimState>;
  } catch {
    throw new SimStateError(`${path} is not a sim state file (not JSON); remove it to start a new workload`);
  }
  const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  if (s.version !== 1 || !num(s.seed) || !num(s.rate) || !(s.executions === null || num(s.executions)) || !num(s.startTime)
    || !num(s.virtualTime) || !num(s.cursor) || typeof s.epoch !== 'string') {
    throw new SimStateError(`${path} is not a version 1 sim state file; remove it to start a new workload`);
  }
  return s as SimState;
}

/**
 * Writes the state atomically: a temporary file beside it, then a rename, so a kill at any instant leaves the
 * old state or the new one, never half of one. No fsync: the fault it survives is a killed process, not a
 * lost machine (the kernel keeps what was written).
 */
export function writeSimState(path: string, state: SimState): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}

/** Why a state file cannot continue this workload (a flag that differs from the file's), or null. */
export function stateMismatch(path: string, state: SimState, want: { seed: number; rate: number; executions: number | null }): string | null {
  for (const key of ['seed', 'rate', 'executions'] as const) {
    if (state[key] !== want[key]) {
      return `--${key} ${want[key] ?? '(none)'} differs from ${path}'s ${state[key] ?? '(none)'}: the same workload is needed to continue it; remove the file to start a new one`;
    }
  }
  return null;
}
