/**
 * `npm run bench`: runs every benchmark, prints a table and writes bench/results.json (contract:
 * name, value, unit, better, baseline, ratio). Baselines are measured in the same run, so the
 * ratios hold on a noisy machine even when the absolute figures move.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { benchDecodeReduce } from './decode-reduce-bench.js';
import { benchDetailSinks } from './detail-bench.js';
import { benchFuzz } from './fuzz-bench.js';
import { benchModelMemory } from './model-memory-bench.js';
import { benchPipeline } from './pipeline-bench.js';
import { benchMetrics } from './metrics-bench.js';
import { benchRules } from './rules-bench.js';
import { benchStore } from './store-bench.js';
import { benchTelemetry } from './telemetry-bench.js';

const suites: [string, () => BenchResult[] | Promise<BenchResult[]>][] = [
  ['decode + reduce', () => benchDecodeReduce()],
  ['hostile input (fuzz)', () => benchFuzz()],
  ['detail sinks', () => benchDetailSinks()],
  ['model memory', () => benchModelMemory()],
  ['metrics', () => benchMetrics()],
  ['alert rules', () => benchRules()],
  ['store and inspect', () => benchStore()],
  ['telemetry out', () => benchTelemetry()],
  ['whole pipeline', () => benchPipeline()],
  // React's development build is many times slower: the dashboard runs the production build, as `jamjet` does
  // (cli.ts), so it is set before React is first imported.
  ['dashboard', async () => {
    process.env.NODE_ENV ??= 'production';
    const { benchDashboard } = await import('./dashboard-bench.js');
    return benchDashboard();
  }],
];

const results: BenchResult[] = [];
for (const [name, run] of suites) {
  process.stderr.write(`bench: ${name}…\n`);
  results.push(...(await run()));
}

const rows = results.map((r) => [
  r.name,
  `${r.value} ${r.unit}`,
  `${r.baseline} ${r.unit}`,
  r.runs === undefined ? `${r.ratio}x` : `${r.ratio}x (${r.ratioMin}-${r.ratioMax}, ${r.runs} runs)`,
  r.target ? `${r.met ? 'met' : 'MISSED'}: ${r.target}` : '',
]);
const header = ['benchmark', 'value', 'baseline', 'ratio', 'target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));

const out = fileURLToPath(new URL('../../bench/results.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${out}`);
process.exitCode = results.some((r) => r.met === false) ? 1 : 0;
