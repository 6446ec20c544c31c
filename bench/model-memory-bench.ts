import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeStreamFrame } from '../source/core/decode/decode-stream-frame.js';
import { ExecutionModel } from '../source/core/model/execution-model.js';
import { result, type BenchResult } from './bench-result.js';
import { recordedFrames } from './decode-reduce-bench.js';

const TOTAL = 1_000_000;
const LIMIT_MB = 200;

/** In this process: streams TOTAL events through decode + model, printing peak and starting RSS (MB) as JSON. */
function measure(): void {
  const mb = (n: number): number => n / 1024 / 1024;
  const before = process.memoryUsage().rss;
  let peak = before;
  const model = new ExecutionModel();
  let now = Date.UTC(2026, 2, 14, 9, 0, 0);
  let frames = 0;
  for (const text of recordedFrames(TOTAL, 11)) {
    const frame = decodeStreamFrame(text);
    if (frame.type === 'events') for (const item of frame.items) if (item.result.ok) model.apply(item.result.event, 'bench', now);
    now += 5;
    model.tick(now);
    model.drainEffects();
    if (++frames % 200 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(JSON.stringify({ peak: mb(peak), before: mb(before), applied: model.ingest().applied }));
}

/** Peak RSS of a fresh process that pushes 1M events through decode and the model (baseline: its RSS at start). */
export function benchModelMemory(): BenchResult[] {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [self, '--measure'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`memory bench failed: ${child.stderr}`);
  const { peak, before, applied } = JSON.parse(child.stdout) as { peak: number; before: number; applied: number };
  return [
    result(`peak RSS, ${applied} events through decode + model (baseline: RSS at start)`, peak, 'MB', 'lower', before, {
      text: `peak under ${LIMIT_MB} MB`,
      met: peak < LIMIT_MB,
    }),
  ];
}

if (process.argv[2] === '--measure') measure();
