/** An epoch-ms time as `2026-03-07 09:30:12 UTC` (UTC, so a stored time reads the same on every machine); `—` when unknown. */
export function formatUtcTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}
