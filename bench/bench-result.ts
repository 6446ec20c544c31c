/** One row of bench/results.json (contract: name, value, unit, better, baseline, ratio). */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  /** The same work done by the reference the name says, measured in the same run. */
  readonly baseline: number;
  /** value / baseline. */
  readonly ratio: number;
  /** The target the issue sets, in words, and whether this run met it. */
  readonly target?: string;
  readonly met?: boolean;
}

/** Builds a result row, computing the ratio. */
export function result(
  name: string, value: number, unit: string, better: 'higher' | 'lower', baseline: number,
  target?: { text: string; met: boolean },
): BenchResult {
  return {
    name, value: round(value), unit, better, baseline: round(baseline),
    ratio: baseline === 0 ? 0 : round(value / baseline),
    ...(target ? { target: target.text, met: target.met } : {}),
  };
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}

/** Milliseconds elapsed while running `fn` (high-resolution). */
export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
