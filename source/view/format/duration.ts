/** Formats a duration the way the JamJet docs do: `823ms`, `1.1s`, `2m05s`, `1h02m`; `—` when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const clamped = Math.max(0, ms);
  // Round once at the precision of the unit we land in, so 999.6ms becomes 1.0s, not 1000ms.
  if (Math.round(clamped) < 1000) return `${Math.round(clamped)}ms`;
  const tenths = Math.round(clamped / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(clamped / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad2(seconds % 60)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
