// The OTLP exporter on its own thread: the seed → span mapping, the SDK's conversion, the protobuf encoding
// and the HTTP or gRPC calls run here, so ingest and the screen never pay for them. The main thread posts
// batches of span seeds (structured clone) and gets each batch's outcome back; see worker-exporter.ts.
// The thread lowers its own CPU priority: on a busy machine ingest and the screen win, and a stream the export
// cannot keep up with fills its bounded queue, whose drops are counted.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { OtlpSettings, TelemetrySettings } from '../config/resolve-telemetry.js';
import { seedSpans, type SpanSeed } from './effect-spans.js';
import { createOtlpExporter } from './otel-exporter.js';

/** A message from the main thread. */
export type WorkerRequest = { readonly id: number; readonly seeds: readonly SpanSeed[] } | { readonly id: number; readonly shutdown: true };

/** The export thread's niceness (Linux sets it per thread): above ingest's 0, so ingest wins a busy CPU. */
export const EXPORT_THREAD_NICENESS = 10;

/** What the worker is started with. */
export interface WorkerSettings {
  readonly otlp: OtlpSettings & { readonly tracesUrl: string };
  readonly telemetry: TelemetrySettings;
}

const port = parentPort;
if (port) {
  const { otlp, telemetry } = workerData as WorkerSettings;
  try {
    // Linux: pid 0 is this thread alone. Lowering one's own priority needs no privilege; where the system
    // refuses, the export simply runs at ingest's priority.
    setPriority(0, EXPORT_THREAD_NICENESS);
  } catch {
    // not permitted here: nothing to do
  }
  const exporter = createOtlpExporter(otlp, telemetry);
  port.postMessage({ ready: true });
  port.on('message', (request: WorkerRequest) => {
    if ('shutdown' in request) {
      void exporter.shutdown().catch(() => undefined).then(() => port.postMessage({ id: request.id, outcome: { ok: true } }));
      return;
    }
    exporter.export(request.seeds.flatMap(seedSpans)).then(
      (outcome) => port.postMessage({ id: request.id, outcome }),
      (error: unknown) => port.postMessage({ id: request.id, outcome: { ok: false, error: error instanceof Error ? error.message : String(error) } }),
    );
  });
}
