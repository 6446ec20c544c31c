import type { Labels } from '../promql/types.js';

/** One alert as the rule engine hands it to the notifier: times in ms since the epoch, endsAt 0 when unset. */
export interface NotifierAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL: string;
}
