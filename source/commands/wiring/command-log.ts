import type { ResolvedConfig } from '../../core/config/load-config.js';
import { redactUrl } from '../../core/sources/redact-url.js';

/**
 * Settings a user can write today whose feature a later version brings (OTLP export): said
 * once at start so nothing typed is silently ignored.
 */
export function unbuiltFeatureWarnings(config: ResolvedConfig): string[] {
  const out: string[] = [];
  if (config.otlp.endpoint) out.push(`OTLP export is not built yet: traces are not sent to ${redactUrl(config.otlp.endpoint)}`);
  return out;
}
