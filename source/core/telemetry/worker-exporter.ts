import { Worker } from 'node:worker_threads';
import type { OtlpSettings, TelemetrySettings } from '../config/resolve-telemetry.js';
import type { WorkerRequest, WorkerSettings } from './otlp-worker.js';
import type { SpanSeed } from './effect-spans.js';
import type { ExportOutcome, SpanBatchExporter } from './span-export-queue.js';

/** How long shutdown waits for the worker to flush its exporter before it is stopped. */
const WORKER_SHUTDOWN_MS = 5_000;

/**
 * The OTLP exporter behind a worker thread (otlp-worker.ts): `export` posts a batch of span seeds (the worker
 * maps them to spans) and resolves with the worker's outcome; `ready` once the worker has loaded the SDK (or
 * died); a worker that dies fails every pending and later batch with its error (the queue then
 * retries and counts, as for a collector that is down). The worker does not keep the process alive.
 */
export function createWorkerExporter(otlp: OtlpSettings & { tracesUrl: string }, telemetry: TelemetrySettings): SpanBatchExporter<SpanSeed> {
  const settings: WorkerSettings = { otlp, telemetry };
  const worker = new Worker(new URL('./otlp-worker.js', import.meta.url), { workerData: settings });
  worker.unref();
  const pending = new Map<number, (outcome: ExportOutcome) => void>();
  let nextId = 1;
  let dead: string | undefined;
  const failAll = (error: string): void => {
    dead = error;
    markReady();
    for (const resolve of pending.values()) resolve({ ok: false, error });
    pending.clear();
  };
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  worker.on('message', (reply: { id: number; outcome: ExportOutcome } | { ready: true }) => {
    if ('ready' in reply) return markReady();
    const resolve = pending.get(reply.id);
    pending.delete(reply.id);
    resolve?.(reply.outcome);
  });
  worker.on('error', (error) => failAll(`export worker failed: ${error.message}`));
  worker.on('exit', (code) => failAll(`export worker exited (${code})`));
  const send = (request: WorkerRequest): Promise<ExportOutcome> => {
    if (dead !== undefined) return Promise.resolve({ ok: false, error: dead });
    return new Promise((resolve) => {
      pending.set(request.id, resolve);
      worker.postMessage(request);
    });
  };
  return {
    ready,
    export: (seeds) => send({ id: nextId++, seeds }),
    shutdown: async () => {
      if (dead === undefined) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([send({ id: nextId++, shutdown: true }), new Promise((resolve) => (timer = setTimeout(resolve, WORKER_SHUTDOWN_MS)))]);
        clearTimeout(timer);
      }
      await worker.terminate();
    },
  };
}
