// A finished span as plain data: what the event→span mapping produces and the exporter file turns into the
// SDK's ReadableSpan. No vendor types here, so the mapping and its tests never load the SDK.

/** A span attribute value (OTLP AnyValue's scalar and string-array cases). */
export type SpanAttributeValue = string | number | boolean | readonly string[];

/** A span's attributes, by OTel attribute name. */
export type SpanAttributes = Readonly<Record<string, SpanAttributeValue>>;

/** A timed point inside a span (an approval asked for or received, a park, a retry back-off). */
export interface SpanEventRecord {
  readonly name: string;
  readonly timeMs: number;
  readonly attributes?: SpanAttributes | undefined;
}

/** A link to a span of another trace (a child workflow's root, a parent's node). */
export interface SpanLinkRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes?: SpanAttributes | undefined;
}

/** One finished span. Ids are lower-case hex (32 and 16 digits); times are epoch ms from the events. */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string | undefined;
  readonly name: string;
  /** OTel SpanKind: `client` for a call out (a model), `internal` otherwise. */
  readonly kind: 'internal' | 'client';
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: SpanAttributes;
  readonly events: readonly SpanEventRecord[];
  readonly links: readonly SpanLinkRecord[];
  readonly status: { readonly code: 'unset' | 'ok' | 'error'; readonly message?: string | undefined };
}
