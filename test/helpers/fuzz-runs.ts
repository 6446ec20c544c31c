/**
 * fast-check parameters for the fuzz properties: `base` cases in `npm test`, times FUZZ_RUNS when set (a
 * multiplier: FUZZ_RUNS=50 runs fifty times as many); a fixed seed so `npm test` is repeatable, unless
 * FUZZ_SEED gives another (a number, or `random` for a fresh one each run, which fast-check prints on failure).
 */
export function fuzzParams(base: number): { numRuns: number; seed?: number } {
  const factor = Number(process.env.FUZZ_RUNS ?? '1');
  const numRuns = Number.isFinite(factor) && factor > 0 ? Math.max(1, Math.round(base * factor)) : base;
  const seedText = process.env.FUZZ_SEED;
  if (seedText === 'random') return { numRuns };
  const seed = seedText === undefined ? 20261205 : Number(seedText);
  return Number.isSafeInteger(seed) ? { numRuns, seed } : { numRuns };
}
