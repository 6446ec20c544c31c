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
