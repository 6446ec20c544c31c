// The OTLP exporter on its own thread: the seed → span mapping, the SDK's conversion, the protobuf encoding
// and the HTTP or gRPC calls run here, so ingest and the screen never pay for them. The main thread posts
// batches of span seeds (structured clone) and gets each batch's outcome back; see worker-exporter.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { OtlpSettings, TelemetrySettings } from '../config/resolve-telemetry.js';
import { seedSpans, type SpanSeed } from './effect-spans.js';
import { createOtlpExporter } from './otel-exporter.js';

/** A message from the main thread. */
export type WorkerRequest = { readonly id: number; readonly seeds: readonly SpanSeed[] } | { readonly id: number; readonly shutdown: true };

/** What the worker is started with. */
export interface WorkerSettings {
  readonly otlp: OtlpSettings & { readonly tracesUrl: string };
  readonly telemetry: TelemetrySettings;
}

const port = parentPort;
if (port) {
  const { otlp, telemetry } = workerData as WorkerSettings;
  const exporter = createOtlpExporter(otlp, telemetry);
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
