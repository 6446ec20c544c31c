// The shape of jamjet.toml. The [telemetry*] and [logging] sections are JamJet's own, read exactly as
// the JamJet observability docs write them, so one file can serve the runtime and this tool; [top] and
// [pricing."<model>"] are ours. Each error text is the "expected …" part of a config error message.
import { z } from 'zod';
import { parseDuration } from './parse-duration.js';
import { parseSize } from './parse-size.js';
import { isHttpUrl, isSourceUrl, SOURCE_URL_EXPECTED } from './source-url.js';

import { LOG_FORMATS, LOG_LEVELS, OTLP_COMPRESSIONS, OTLP_PROTOCOLS } from './config-values.js';
import { isHeaderName, isHeaderValue, OTLP_TIMEOUT_MAX_MS } from './otlp-values.js';

export { LOG_FORMATS, LOG_LEVELS };
/** Fastest and slowest allowed [top] refresh: faster burns CPU on redraws, slower stops feeling live. */
export const REFRESH_MIN_MS = 50;
export const REFRESH_MAX_MS = 10_000;

const TABLE = 'a table';
const bool = (): z.ZodBoolean => z.boolean({ error: 'true or false' });
const text = (what: string): z.ZodString => z.string({ error: what }).min(1, { error: what });
const port = (): z.ZodNumber => {
  const e = { error: 'an integer 1-65535' };
  return z.number(e).int(e).min(1, e).max(65535, e);
};
const oneOf = <T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> =>
  z.enum(values, { error: `one of ${values.map((v) => `"${v}"`).join(', ')}` });
/** A string or an array of strings, normalised to an array so each element is checked (and located) alone. */
const stringList = <T extends z.ZodType>(element: T, what: string) =>
  z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(element, { error: what }));
const refine = (what: string, ok: (s: string) => boolean): z.ZodString =>
  z.string({ error: what }).refine(ok, { error: what });
const duration = (what: string, min = 0, max = Number.POSITIVE_INFINITY): z.ZodString =>
  refine(what, (s) => {
    const ms = parseDuration(s);
    return ms !== undefined && ms >= min && ms <= max;
  });
const rate = (direction: string) => {
  const e = { error: `a non-negative number (USD per million ${direction} tokens)` };
  return z.number(e).min(0, e);
};
const sourceUrl = refine(SOURCE_URL_EXPECTED, isSourceUrl);
/** A Prometheus label name that a user may set (external labels are added to every alert sent). */
const labelName = refine('a label name (letters, digits and _, not starting with a digit or __)', (s) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(s) && !s.startsWith('__'));

/** [telemetry] with its [telemetry.otlp] and [telemetry.prometheus] sub-tables, as in the JamJet docs. */
export const telemetrySchema = z.object(
  {
    enabled: bool().optional(),
    service_name: text('a non-empty string').optional(),
    service_version: text('a non-empty string').optional(),
    otlp: z
      .object(
        {
          endpoint: refine('an http:// or https:// URL (port 4317 for OTLP gRPC, 4318 for OTLP HTTP)', isHttpUrl).optional(),
          protocol: oneOf(OTLP_PROTOCOLS).optional(),
          // Header values are secrets: parse-config-text never echoes a value under this table.
          headers: z
            .record(refine('a header name (letters, digits and -)', isHeaderName), refine('a header value (text without control characters)', isHeaderValue), {
              error: 'a table of name = "value"',
            })
            .optional(),
          timeout: duration(`a duration from 1ms to ${OTLP_TIMEOUT_MAX_MS / 1000}s such as "10s"`, 1, OTLP_TIMEOUT_MAX_MS).optional(),
          compression: oneOf(OTLP_COMPRESSIONS).optional(),
        },
        { error: TABLE },
      )
      .optional(),
    prometheus: z.object({ enabled: bool().optional(), port: port().optional() }, { error: TABLE }).optional(),
  },
  { error: TABLE },
);

/** [logging], as in the JamJet docs. */
export const loggingSchema = z.object({ level: oneOf(LOG_LEVELS).optional(), format: oneOf(LOG_FORMATS).optional() }, { error: TABLE });

/** [top]: this tool's own settings. */
export const topSchema = z.object(
  {
    url: stringList(sourceUrl, `${SOURCE_URL_EXPECTED}, or an array of them`).optional(),
    db: text('a file path, or ":memory:" to keep nothing').optional(),
    retention: z
      .object(
        {
          max_age: duration('a duration such as "7d" or "12h"').optional(),
          max_size: refine('a size such as "512MB", "2GB" or "100KiB"', (s) => parseSize(s) !== undefined).optional(),
        },
        { error: 'a table such as { max_age = "7d", max_size = "2GB" }' },
      )
      .optional(),
    rules: stringList(text('a rule file path or glob'), 'an array of rule file paths or globs').optional(),
    alertmanager: stringList(refine('an http:// or https:// Alertmanager URL', isHttpUrl), 'an Alertmanager URL, or an array of them').optional(),
    budget_usd_per_hour: z.number({ error: 'a positive number (USD per hour)' }).positive({ error: 'a positive number (USD per hour)' }).optional(),
    external_url: refine('an http:// or https:// URL (links in alerts point there)', isHttpUrl).optional(),
    external_labels: z.record(labelName, text('a label value'), { error: 'a table of label = "value"' }).optional(),
    refresh: duration(`a duration from ${REFRESH_MIN_MS}ms to ${REFRESH_MAX_MS / 1000}s such as "250ms"`, REFRESH_MIN_MS, REFRESH_MAX_MS).optional(),
    metrics_host: text('a host name or IP address to serve /metrics on').optional(),
    metrics_port: port().optional(),
    web_config: text('a file path (a web config file: basic_auth_users, bearer_token_file)').optional(),
    log_file: text('a file path').optional(),
  },
  { error: TABLE },
);

/** One [pricing."<model>"] entry: both rates are required, so a half-priced model never looks free. */
export const pricingEntrySchema = z.object({ input_per_mtok: rate('input'), output_per_mtok: rate('output') }, { error: TABLE });

/** The whole file. */
export const jamjetTomlSchema = z.object({
  telemetry: telemetrySchema.optional(),
  logging: loggingSchema.optional(),
  top: topSchema.optional(),
  pricing: z.record(z.string(), pricingEntrySchema, { error: 'a table of [pricing."<model>"] tables' }).optional(),
});

/** A jamjet.toml after validation ([top] url and rules normalised to arrays; unknown keys dropped). */
export type JamjetTomlFile = z.output<typeof jamjetTomlSchema>;

/** Lists the paths of keys the schema does not know (e.g. ["top", "colour"]), walking tables and records. */
export function findUnknownKeys(value: unknown, schema: z.ZodType = jamjetTomlSchema, path: string[] = []): string[][] {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return [];
  const table = value as Record<string, unknown>;
  const found: string[][] = [];
  for (const key of Object.keys(table)) {
    if (s instanceof z.ZodObject) {
      const shape = s.shape as Record<string, z.ZodType>;
      if (!Object.hasOwn(shape, key)) found.push([...path, key]);
      else found.push(...findUnknownKeys(table[key], shape[key], [...path, key]));
    } else if (s instanceof z.ZodRecord) {
      found.push(...findUnknownKeys(table[key], s.valueType as z.ZodType, [...path, key]));
    }
  }
  return found;
}
