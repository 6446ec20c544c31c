// [telemetry] and [telemetry.otlp] with the OTel SDK's environment variables, resolved as the contract's
// precedence says (environment > file > default) and, between the variables, as the OTel spec does: a
// signal-specific endpoint wins over the generic one and is used as given; the generic one is a base that
// HTTP exporters append `v1/traces` to; OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES.
import { ConfigError, describeValue } from './config-error.js';
import type { JamjetTomlFile } from './config-schema.js';
import type { OTLP_COMPRESSIONS} from './config-values.js';
import { OTLP_PROTOCOLS } from './config-values.js';
import { parseDuration } from './parse-duration.js';
import { isHeaderName, isHeaderValue, OTLP_TIMEOUT_DEFAULT_MS, parseKeyValueList } from './otlp-values.js';
import { isHttpUrl, redactCredentials } from './source-url.js';

/** An OTLP transport, by the OTel spec's name. */
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Where and how spans are sent. `headers` are secrets: never printed, logged or shown. */
export interface OtlpSettings {
  /** The endpoint as configured (traces variable > generic variable > file); may hold credentials. */
  endpoint?: string;
  /** Where spans go: a signal endpoint as given, a base endpoint + `/v1/traces` over HTTP, as given over gRPC. */
  tracesUrl?: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: (typeof OTLP_COMPRESSIONS)[number];
}

/** [telemetry] as resolved. */
export interface TelemetrySettings {
  enabled: boolean;
  /** True when `enabled` was said (file or OTEL_SDK_DISABLED), not defaulted: the demo runtime exports only then. */
  explicit: boolean;
  serviceName: string;
  serviceVersion?: string;
  /** OTEL_RESOURCE_ATTRIBUTES besides service.name and service.version. */
  resourceAttributes: Record<string, string>;
}

/** The service name when nothing names one. */
export const DEFAULT_SERVICE_NAME = 'jamjet-top';
const OTLP_GRPC_PORT = '4317';

type Env = Record<string, string | undefined>;

/** Resolves the telemetry settings; throws ConfigError (exit 2) on a bad variable, never echoing a header. */
export function resolveTelemetry(env: Env, file: JamjetTomlFile['telemetry']): { otlp: OtlpSettings; telemetry: TelemetrySettings } {
  const otlpFile = file?.otlp ?? {};
  const signalEndpoint = endpointVar(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = signalEndpoint ?? endpointVar(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? otlpFile.endpoint;
  const protocol = protocolVar(env) ?? otlpFile.protocol ?? inferProtocol(endpoint);
  const otlp: OtlpSettings = {
    protocol,
    headers: { ...otlpFile.headers, ...headersVar(env) },
    timeoutMs: (otlpFile.timeout === undefined ? undefined : parseDuration(otlpFile.timeout)) ?? OTLP_TIMEOUT_DEFAULT_MS,
    compression: otlpFile.compression ?? 'none',
  };
  if (endpoint !== undefined) {
    otlp.endpoint = endpoint;
    otlp.tracesUrl = signalEndpoint !== undefined || protocol === 'grpc' ? endpoint : tracesPath(endpoint);
  }
  const sdkDisabled = booleanVar(env, 'OTEL_SDK_DISABLED');
  const resource = resourceVar(env);
  const { 'service.name': resourceName, 'service.version': resourceVersion, ...resourceAttributes } = resource;
  const telemetry: TelemetrySettings = {
    enabled: sdkDisabled === undefined ? (file?.enabled ?? true) : !sdkDisabled,
    explicit: sdkDisabled !== undefined || file?.enabled !== undefined,
    serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? nonEmpty(resourceName) ?? file?.service_name ?? DEFAULT_SERVICE_NAME,
    resourceAttributes,
  };
  const version = nonEmpty(resourceVersion) ?? file?.service_version;
  if (version !== undefined) telemetry.serviceVersion = version;
  return { otlp, telemetry };
}

/** The OTLP HTTP traces path under a base endpoint (kept when the base already ends with it). */
function tracesPath(base: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
}

function inferProtocol(endpoint: string | undefined): OtlpProtocol {
  return endpoint !== undefined && new URL(endpoint).port === OTLP_GRPC_PORT ? 'grpc' : 'http/protobuf';
}

function endpointVar(env: Env, key: string): string | undefined {
  const value = nonEmpty(env[key]?.trim());
  if (value !== undefined && !isHttpUrl(value)) throw varError(key, 'an http:// or https:// URL', describeValue(redactCredentials(value)));
  return value;
}

function protocolVar(env: Env): OtlpProtocol | undefined {
  const value = nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim());
  if (value === undefined) return undefined;
  const protocol = OTLP_PROTOCOLS.find((p) => p === value);
  if (protocol === undefined) throw varError('OTEL_EXPORTER_OTLP_PROTOCOL', `one of ${OTLP_PROTOCOLS.map((p) => `"${p}"`).join(', ')}`, describeValue(value));
  return protocol;
}

function headersVar(env: Env): Record<string, string> {
  const text = nonEmpty(env.OTEL_EXPORTER_OTLP_HEADERS);
  if (text === undefined) return {};
  const headers = parseKeyValueList(text);
  const bad = headers === undefined ? 'a malformed pair' : Object.keys(headers).find((k) => !isHeaderName(k) || !isHeaderValue(headers[k]!));
  // The value is a secret: the message names the variable and what is wrong, never the text.
  if (bad !== undefined) throw varError('OTEL_EXPORTER_OTLP_HEADERS', 'name=value pairs separated by commas (values percent-encoded)', 'a value that is not (not shown: headers are secrets)');
  return headers!;
}

function resourceVar(env: Env): Record<string, string> {
  const text = nonEmpty(env.OTEL_RESOURCE_ATTRIBUTES);
  if (text === undefined) return {};
  const attributes = parseKeyValueList(text);
  if (attributes === undefined) throw varError('OTEL_RESOURCE_ATTRIBUTES', 'key=value pairs separated by commas (values percent-encoded)', describeValue(text));
  return attributes;
}

function booleanVar(env: Env, key: string): boolean | undefined {
  const value = nonEmpty(env[key]?.trim())?.toLowerCase();
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw varError(key, '"true" or "false"', describeValue(env[key]));
  return value === 'true';
}

function varError(key: string, expected: string, got: string): ConfigError {
  return new ConfigError(`${key}: expected ${expected}, got ${got}`, { key, expected });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
