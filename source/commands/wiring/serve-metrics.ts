import type { ResolvedConfig } from '../../core/config/load-config.js';
import { alertsApiRoutes, type AlertsApiSource } from '../../core/alerts/alerts-api.js';
import type { MetricsSink } from '../../core/metrics/metrics-sink.js';
import { BindError } from '../../core/server/bind-error.js';
import { healthReport } from '../../core/server/health-report.js';
import { startHttpServer, type RunningHttpServer } from '../../core/server/http-server.js';
import type { SourceStatus } from '../../core/sources/event-source.js';
import type { SpanExport } from '../../core/telemetry/span-export.js';

/** The metrics HTTP server, or why it could not listen (top shows it, serve exits 2), or neither when off. */
export interface ServedMetrics {
  readonly server?: RunningHttpServer | undefined;
  readonly error?: BindError | undefined;
}

/**
 * Serves /metrics, /healthz and the alerts API for a monitor's metrics sink, unless metrics are off.
 * A busy port is returned as a BindError, never thrown.
 */
export async function serveMetrics(
  config: ResolvedConfig,
  metrics: MetricsSink,
  sources: () => readonly SourceStatus[],
  alerts?: AlertsApiSource,
  spanExport?: SpanExport,
): Promise<ServedMetrics> {
  if (!config.metrics.enabled) return {};
  try {
    const server = await startHttpServer({
      host: config.metrics.host,
      port: config.metrics.port,
      metrics: { render: (openMetrics) => metrics.render(openMetrics) },
      health: () => healthReport(sources(), spanExport && { target: spanExport.target, stats: spanExport.sink.stats() }),
      extraRoutes: alerts ? alertsApiRoutes(alerts) : [],
    });
    return { server };
  } catch (error) {
    if (error instanceof BindError) return { error };
    throw error;
  }
}
