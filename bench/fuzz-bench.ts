// 100,000 hostile decode + reduce cases (test/helpers/hostile-events.ts), each on a fresh model with small caps,
// every model invariant checked at the end of every case: how fast, and that nothing threw and nothing broke.
// Baseline: JSON.parse of the same frames and lines, case by case. FUZZ_BENCH_CASES changes the count.
import fc from 'fast-check';
import { FuzzRig } from '../test/helpers/fuzz-rig.js';
import { hostileCase, oversizedText, type Delivery } from '../test/helpers/hostile-events.js';
import { result, timeMs, type BenchResult } from './bench-result.js';

/** Cases generated (and then run) at a time: generation stays out of the timings, memory stays flat. */
const CHUNK = 2_000;

/** The raw text the decoder sees for a delivery, or undefined for a tick or a status. */
function textOf(d: Delivery): string | undefined {
  switch (d.via) {
    case 'line':
    case 'frame':
      return d.text;
    case 'bytes':
      return Buffer.from(d.bytes).toString('utf8');
    case 'oversized':
      return oversizedText(d.frame);
    default:
      return undefined;
  }
}

/** Runs one case; returns the violations (a throw is one, named). */
function runOne(deliveries: readonly Delivery[]): string[] {
  try {
    // The model's invariants only: the metrics' agreement with it is the tests' (and its own bench's) business.
    const rig = new FuzzRig(undefined, { metrics: false });
    for (const d of deliveries) rig.feed(d);
    return rig.violations();
  } catch (error) {
    return [`threw: ${(error as Error)?.stack ?? String(error)}`];
  }
}

/** JSON.parse of every frame and line of a case, as the baseline. */
function parseOne(deliveries: readonly Delivery[]): number {
  let parsed = 0;
  for (const d of deliveries) {
    const text = textOf(d);
    if (text === undefined) continue;
    try {
      JSON.parse(text);
      parsed++;
    } catch {
      // Junk is junk for JSON.parse too.
    }
  }
  return parsed;
}

/** The fuzz bench: cases/s through decode + ingest pipeline + model + invariants, against JSON.parse of the same input. */
export function benchFuzz(cases = Number(process.env.FUZZ_BENCH_CASES ?? 100_000)): BenchResult[] {
  const arbitrary = hostileCase({ maxSteps: 12 });
  let fullMs = 0;
  let parseMs = 0;
  let throws = 0;
  let violations = 0;
  const firstFailures: string[] = [];
  for (let done = 0, chunk = 0; done < cases; done += CHUNK, chunk++) {
    const batch = fc.sample(arbitrary, { seed: 20261205 + chunk, numRuns: Math.min(CHUNK, cases - done) });
    // Each path once untimed on the first chunk, so both are compiled before anything is measured.
    if (chunk === 0) batch.forEach((c) => (runOne(c), parseOne(c)));
    parseMs += timeMs(() => batch.forEach(parseOne));
    fullMs += timeMs(() => {
      for (const c of batch) {
        const v = runOne(c);
        if (v.length === 0) continue;
        if (v[0]!.startsWith('threw')) throws++;
        else violations++;
        if (firstFailures.length < 3) firstFailures.push(`${v.join('\n')}\ncase: ${JSON.stringify(c).slice(0, 2_000)}`);
      }
    });
  }
  for (const f of firstFailures) process.stderr.write(`fuzz bench failure:\n${f}\n`);
  return [
    result(`hostile decode+reduce cases with model invariants checked, ${cases} cases (baseline: JSON.parse of the same frames and lines)`,
      cases / (fullMs / 1000), 'cases/s', 'higher', cases / (parseMs / 1000), {
        text: `0 throws and 0 invariant violations (this run: ${throws} and ${violations})`,
        met: throws === 0 && violations === 0,
      }),
  ];
}
