// Value lists shared by the schema and the resolver, in a module of their own so that resolving a config
// with no jamjet.toml never loads the schema library.

/** Log levels accepted by [logging] level and --log-level. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** Log formats accepted by [logging] format. */
export const LOG_FORMATS = ['json', 'text'] as const;
/** A log level, as `--log-level` and [logging] level name them. */
export type LogLevel = (typeof LOG_LEVELS)[number];
/** A log format, as [logging] format names it. */
export type LogFormat = (typeof LOG_FORMATS)[number];
/** OTLP transports accepted by [telemetry.otlp] protocol and OTEL_EXPORTER_OTLP_PROTOCOL (the OTel spec's names). */
export const OTLP_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
/** OTLP payload compressions accepted by [telemetry.otlp] compression. */
export const OTLP_COMPRESSIONS = ['gzip', 'none'] as const;
