import type { ModelEffect } from '../model/types.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import type { SourceStatus } from '../sources/event-source.js';
import type { Logger } from './logger.js';
import { transitionRecord } from './transition-record.js';

/** How often the sink says that lines were dropped (a stalled destination), at most. */
export const LOG_DROP_REPORT_EVERY_MS = 5_000;

/**
 * The monitor's logs as a sink: a line per state transition (from the model's effects) and a line per
 * source status change. The logger belongs to the command, which logs its own lines before the monitor
 * starts and after it stops: this sink flushes it but never closes it.
 */
export class LogSink implements MonitorSink {
  readonly name = 'logs';
  readonly tickEveryMs = LOG_DROP_REPORT_EVERY_MS;
  private reportedDrops = 0;

  constructor(private readonly logger: Logger) {}

  effects(effects: readonly ModelEffect[]): void {
    for (const effect of effects) {
      const record = transitionRecord(effect);
      if (record !== undefined) this.logger.transition(record);
    }
  }

  /** A source that drops or errs is a warning; connecting, connected and ended are info. */
  status(status: SourceStatus): void {
    const level = status.state === 'error' || status.state === 'reconnecting' ? 'warn' : 'info';
    const message = `source ${status.url}: ${status.state}${status.message ? `: ${status.message}` : ''}`;
    this.logger.log(level, 'source_status', message, { source: status.url, state: status.state, reason: status.message });
  }

  /** Says how many lines a full buffer dropped since the last report, once the destination has room again. */
  tick(): void {
    this.reportDrops();
  }

  async flush(): Promise<void> {
    this.reportDrops();
    await this.logger.flush();
  }

  close(): Promise<void> {
    return this.logger.flush();
  }

  private reportDrops(): void {
    const { dropped } = this.logger.stats;
    if (dropped === this.reportedDrops) return;
    const since = dropped - this.reportedDrops;
    this.reportedDrops = dropped;
    this.logger.log('warn', 'log_lines_dropped', `${since} log lines dropped: the log destination is not keeping up`, { dropped: since, dropped_total: dropped });
  }
}
