// The mutable alert record an alerting rule keeps per output series (Prometheus's rules.Alert).
import type { Labels } from '../promql/types.js';

/** One alert's state; times are ms since the epoch, undefined where Prometheus has its zero time. */
export interface RuleAlert {
  state: 'pending' | 'firing' | 'inactive';
  readonly labels: Labels;
  annotations: Labels;
  value: number;
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
  lastSentAt?: number;
  validUntil?: number;
  keepFiringSince?: number;
}
