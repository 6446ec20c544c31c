// The one file that imports the OpenTelemetry SDK and its OTLP exporters: span records in, one export
// request out. Swapping the SDK (or its mid-migration exporter packages) is a change to this file only.
import { Metadata } from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, TraceFlags, type HrTime, type SpanContext } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtlpSettings, TelemetrySettings } from '../config/resolve-telemetry.js';
import type { SpanRecord } from './span-record.js';
import type { SpanBatchExporter } from './span-export-queue.js';

/** The instrumentation scope named on every exported span. */
const SCOPE = { name: 'jamjet-top' } as const;

/** Builds the exporter for the resolved settings: gRPC, HTTP/protobuf or HTTP/JSON to `otlp.tracesUrl`. */
export function createOtlpExporter(otlp: OtlpSettings & { tracesUrl: string }, telemetry: TelemetrySettings): SpanBatchExporter<SpanRecord> {
  const resource = resourceFromAttributes({
    ...telemetry.resourceAttributes,
    'service.name': telemetry.serviceName,
    ...(telemetry.serviceVersion === undefined ? {} : { 'service.version': telemetry.serviceVersion }),
  });
  const exporter = vendorExporter(otlp);
  const secrets = Object.values(otlp.headers).filter((v) => v.length > 0);
  return {
    export: (spans) =>
      new Promise((resolve) => {
        exporter.export(spans.map((s) => readableSpan(s, resource)), (result) => {
          // code 0 is ExportResultCode.SUCCESS; an error's text must never carry a header value.
          if (result.code === 0) resolve({ ok: true });
          else resolve({ ok: false, error: scrub(result.error?.message ?? 'export failed', secrets) });
        });
      }),
    shutdown: () => exporter.shutdown(),
  };
}

function vendorExporter(otlp: OtlpSettings & { tracesUrl: string }): SpanExporter {
  const common = { url: otlp.tracesUrl, timeoutMillis: otlp.timeoutMs, compression: otlp.compression as never };
  if (otlp.protocol === 'grpc') {
    const metadata = new Metadata();
    for (const [name, value] of Object.entries(otlp.headers)) metadata.set(name.toLowerCase(), value);
    return new GrpcExporter({ ...common, metadata });
  }
  const headers = { ...otlp.headers };
  return otlp.protocol === 'http/json' ? new JsonExporter({ ...common, headers }) : new ProtoExporter({ ...common, headers });
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

/** Epoch milliseconds (possibly fractional) as the SDK's [seconds, nanoseconds]. */
function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

function context(traceId: string, spanId: string): SpanContext {
  return { traceId, spanId, traceFlags: TraceFlags.SAMPLED };
}

const STATUS = { unset: SpanStatusCode.UNSET, ok: SpanStatusCode.OK, error: SpanStatusCode.ERROR } as const;

function readableSpan(s: SpanRecord, resource: Resource): ReadableSpan {
  const ctx = context(s.traceId, s.spanId);
  return {
    name: s.name,
    kind: s.kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL,
    spanContext: () => ctx,
    parentSpanContext: s.parentSpanId === undefined ? undefined : context(s.traceId, s.parentSpanId),
    startTime: hrTime(s.startMs),
    endTime: hrTime(s.endMs),
    duration: hrTime(s.endMs - s.startMs),
    status: s.status.message === undefined ? { code: STATUS[s.status.code] } : { code: STATUS[s.status.code], message: s.status.message },
    attributes: s.attributes as ReadableSpan['attributes'],
    links: s.links.map((l) => ({ context: context(l.traceId, l.spanId), attributes: l.attributes as ReadableSpan['attributes'] })),
    events: s.events.map((e) => ({ name: e.name, time: hrTime(e.timeMs), attributes: e.attributes as ReadableSpan['attributes'], droppedAttributesCount: 0 })),
    ended: true,
    resource,
    instrumentationScope: SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
