// Checks and parsers for the OTLP settings, shared by the schema (file values) and the resolver
// (environment values). No schema library here, so resolving without a jamjet.toml stays light.

/** Longest [telemetry.otlp] timeout: past it a batch export would hold its slot for minutes. */
export const OTLP_TIMEOUT_MAX_MS = 60_000;
/** The OTel SDK's default export timeout. */
export const OTLP_TIMEOUT_DEFAULT_MS = 10_000;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** True when a value is an HTTP header name (an RFC 9110 token); gRPC metadata keys are the same, lower-cased. */
export function isHeaderName(value: string): boolean {
  return HEADER_NAME.test(value);
}

/** True when a value can be sent as a header value: no control characters (a line break would split the request). */
export function isHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  }
  return true;
}

/**
 * Parses an OTel list variable (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_RESOURCE_ATTRIBUTES`): `key=value` pairs
 * separated by commas, values percent-encoded (W3C Baggage form, as the OTel spec says). Returns undefined when
 * a pair is malformed; the caller says so without repeating the text (headers are secrets).
 */
export function parseKeyValueList(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const raw of text.split(',')) {
    const pair = raw.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const key = pair.slice(0, eq).trim();
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
    if (key === '') return undefined;
    out[key] = value;
  }
  return out;
}
