import { dashboardRates } from '../metrics/dashboard-rates.js';
import type { SeriesStore } from '../metrics/series-store.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { SpendData } from './snapshot.js';

/** How far back the spend pane's $/min graph reaches (within the series store's 15 min history). */
export const SPEND_HISTORY_MS = 10 * 60_000;

/**
 * The spend pane's data as of `now`: usage by model and by workflow from the model (everything seen),
 * USD per minute per completed history step, the burn rate over the last minute (the dashboard's $/h,
 * from the series store) and what a day at that pace costs, and the configured budget.
 */
export function spendData(model: ExecutionModel, store: SeriesStore, now: number, budgetUsdPerHour?: number): SpendData {
  const cur = Math.floor(now / store.stepMs);
  const from = cur - Math.min(Math.ceil(SPEND_HISTORY_MS / store.stepMs), store.steps - 1);
  const perMinute = 60_000 / store.stepMs;
  const costPerMin = store.stepIncreases('cost', from, cur - 1).map((usd) => usd * perMinute);
  const costPerHour = dashboardRates(store, now).costPerHour;
  return Object.freeze({
    usage: model.usage(),
    totals: model.totals(),
    sampleMs: store.stepMs,
    historyMs: (cur - from) * store.stepMs,
    costPerMin: Object.freeze(costPerMin),
    costPerHour,
    projectedDayUsd: costPerHour * 24,
    budgetUsdPerHour,
  });
}
