// Whether spans are exported, and the sink that does it, built from the resolved config. The SDK is
// imported only when export is on, so a run without an endpoint never pays its start-up.
import type { Clock } from '../clock.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { OtlpSettings } from '../config/resolve-telemetry.js';
import { redactUrl } from '../sources/redact-url.js';
import { seedSpanCount, type SpanSeed } from './effect-spans.js';
import { OtelSpanSink } from './otel-span-sink.js';
import { SpanExportQueue, type SpanBatchExporter, type SpanExportQueueOptions, type SpanExportStats } from './span-export-queue.js';

/** The config a span export is decided and built from. */
export type SpanExportConfig = Pick<ResolvedConfig, 'otlp' | 'telemetry' | 'urls'>;

/** On with where to, or off with why (said at start when an endpoint was given). */
export type SpanExportPlan =
  | { readonly on: true; readonly otlp: OtlpSettings & { readonly tracesUrl: string } }
  | { readonly on: false; readonly reason: string };

/**
 * Export is on when an endpoint is known and telemetry is not disabled; on the embedded demo runtime (no
 * `--url`) only when `[telemetry] enabled = true` (or OTEL_SDK_DISABLED=false) says so, as the JamJet docs have it.
 */
export function spanExportPlan(config: SpanExportConfig): SpanExportPlan {
  const { otlp, telemetry } = config;
  if (otlp.tracesUrl === undefined) return { on: false, reason: 'no OTLP endpoint configured' };
  if (!telemetry.enabled) return { on: false, reason: 'telemetry disabled ([telemetry] enabled = false or OTEL_SDK_DISABLED=true)' };
  if (config.urls.length === 0 && !telemetry.explicit) return { on: false, reason: 'the demo runtime exports only with [telemetry] enabled = true' };
  return { on: true, otlp: { ...otlp, tracesUrl: otlp.tracesUrl } };
}

/** A span export sink and where it sends, as the commands and the bench build it. */
export interface SpanExport {
  readonly sink: OtelSpanSink;
  /** The traces URL without credentials, and the protocol: safe to print. */
  readonly target: string;
  /** Settles once the exporter has started (its worker has loaded the SDK, or failed to). */
  readonly ready: Promise<void>;
}

/** Builds the span export for a plan that is on; `exporter` replaces the OTLP exporter (tests, the bench). */
export async function openSpanExport(
  config: SpanExportConfig,
  clock: Clock,
  options: Partial<Omit<SpanExportQueueOptions<SpanSeed>, 'clock' | 'spansOf'>> = {},
): Promise<SpanExport | undefined> {
  const plan = spanExportPlan(config);
  if (!plan.on) return undefined;
  // The SDK runs on a worker thread (worker-exporter.ts): encoding and sending never take ingest's time.
  const exporter: SpanBatchExporter<SpanSeed> = options.exporter ?? (await import('./worker-exporter.js')).createWorkerExporter(plan.otlp, config.telemetry);
  const queue = new SpanExportQueue({ ...options, exporter, clock, spansOf: seedSpanCount });
  return { sink: new OtelSpanSink(queue, clock), target: `${redactUrl(plan.otlp.tracesUrl)} (${plan.otlp.protocol})`, ready: exporter.ready ?? Promise.resolve() };
}

/** The status bar's line about the export, when there is something to say: failing, or spans dropped. */
export function spanExportNotice(target: string, stats: SpanExportStats): string | undefined {
  const dropped = stats.dropped > 0 ? `; ${stats.dropped} spans dropped` : '';
  if (stats.state === 'failing') return `OTLP export to ${target} failing (${stats.lastError ?? 'unknown error'}); retrying, ${stats.queued} spans queued${dropped}`;
  return dropped === '' ? undefined : `OTLP export: ${stats.dropped} spans dropped (queue full)`;
}
