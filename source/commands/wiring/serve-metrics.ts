import { ConfigError } from '../../core/config/config-error.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import { alertsApiRoutes, type AlertsApiSource } from '../../core/alerts/alerts-api.js';
import type { MetricsSink } from '../../core/metrics/metrics-sink.js';
import { BindError } from '../../core/server/bind-error.js';
import { healthReport } from '../../core/server/health-report.js';
import { createAuthenticator, type Authenticator } from '../../core/server/http-auth.js';
import { startHttpServer, type RunningHttpServer } from '../../core/server/http-server.js';
import { exposureWarning } from '../../core/server/loopback-host.js';
import { loadWebConfig } from '../../core/server/web-config.js';
import type { SourceStatus } from '../../core/sources/event-source.js';
import type { SpanExport } from '../../core/telemetry/span-export.js';
import { CommandExit, EXIT_USAGE } from './load-command-config.js';

/** The metrics HTTP server, or why it could not listen (top shows it, serve exits 2), or neither when off. */
export interface ServedMetrics {
  readonly server?: RunningHttpServer | undefined;
  readonly error?: BindError | undefined;
  /** Said once by the command when the server listens beyond loopback (see exposureWarning). */
  readonly warning?: string | undefined;
}

/**
 * Reads --web-config (or [top] web_config) before anything starts: the endpoints' authenticator, or undefined
 * when none is asked for. A bad file ends the command with exit 2 and file:line:col: serving without the auth
 * that was asked for would be worse than not starting.
 */
export function loadWebAuth(config: ResolvedConfig, cwd: string): Authenticator | undefined {
  if (config.metrics.webConfig === undefined) return undefined;
  try {
    return createAuthenticator(loadWebConfig(config.metrics.webConfig, cwd));
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandExit(`jamjet: ${error.message}`, EXIT_USAGE);
    throw error;
  }
}

/**
 * Serves /metrics, /healthz and the alerts API for a monitor's metrics sink, unless metrics are off, behind
 * `auth` when given.
 * A busy port is returned as a BindError, never thrown.
 */
export async function serveMetrics(
  config: ResolvedConfig,
  metrics: MetricsSink,
  sources: () => readonly SourceStatus[],
  alerts?: AlertsApiSource,
  spanExport?: SpanExport,
  auth?: Authenticator,
): Promise<ServedMetrics> {
  if (!config.metrics.enabled) return {};
  try {
    const server = await startHttpServer({
      host: config.metrics.host,
      port: config.metrics.port,
      metrics: { render: (openMetrics) => metrics.render(openMetrics) },
      health: () => healthReport(sources(), spanExport && { target: spanExport.target, stats: spanExport.sink.stats() }),
      extraRoutes: alerts ? alertsApiRoutes(alerts) : [],
      auth,
    });
    return { server, warning: exposureWarning(server.host, server.port, auth !== undefined) };
  } catch (error) {
    if (error instanceof BindError) return { error };
    throw error;
  }
}
