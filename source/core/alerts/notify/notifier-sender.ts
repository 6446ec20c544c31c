import type { ExposedFamily } from '../../metrics/prom-registry.js';
import type { AlertSender } from '../alert-engine.js';
import type { AlertmanagerNotifier } from './alertmanager-notifier.js';

/**
 * The Alertmanager notifier as the alert engine's sender, with its counts as jamjet_top_notifications_*
 * families on /metrics (the names follow Prometheus's own prometheus_notifications_*).
 */
export function notifierSender(notifier: AlertmanagerNotifier): AlertSender {
  return {
    send: (alerts) => notifier.send(alerts),
    close: (boundMs) => notifier.close(boundMs),
    families(): ExposedFamily[] {
      const stats = notifier.stats();
      const per = (value: (a: (typeof stats.alertmanagers)[number]) => number) =>
        stats.alertmanagers.map((a) => ({ labels: { alertmanager: a.url }, value: value(a) }));
      return [
        { name: 'jamjet_top_notifications_sent_total', type: 'counter', help: 'Alerts delivered to each Alertmanager.', series: per((a) => a.sentTotal) },
        { name: 'jamjet_top_notifications_errors_total', type: 'counter', help: 'Alerts whose delivery to each Alertmanager failed (each retry counts).', series: per((a) => a.errorsTotal) },
        { name: 'jamjet_top_notifications_dropped_total', type: 'counter', help: 'Alerts dropped for each Alertmanager (queue full, or given up on).', series: per((a) => a.droppedTotal) },
        { name: 'jamjet_top_notifications_latency_seconds_total', type: 'counter', help: 'Time spent delivering alerts to each Alertmanager.', series: per((a) => a.latencySecondsSum) },
        { name: 'jamjet_top_notifications_queue_length', type: 'gauge', help: 'Alerts waiting to be sent.', series: [{ labels: {}, value: stats.queueLength }] },
        { name: 'jamjet_top_notifications_queue_capacity', type: 'gauge', help: 'The most alerts the queue holds before it drops the oldest.', series: [{ labels: {}, value: stats.queueCapacity }] },
      ];
    },
  };
}
