import { formatTokens } from './tokens.js';

/** Formats a per-second (or per-hour) rate compactly: `0`, `<0.01`, `0.25`, `4.2`, `43`, `1.2k`; `—` when not a number. */
export function formatRate(perSec: number | undefined): string {
  if (perSec === undefined || !Number.isFinite(perSec)) return '—';
  if (perSec <= 0) return '0';
  // Execution rates are often well under one per second; two decimals keep 0.05/s from reading as 0.
  if (perSec < 0.005) return '<0.01';
  if (perSec < 0.995) return perSec.toFixed(2);
  if (perSec < 9.95) return perSec.toFixed(1);
  return formatTokens(perSec);
}
