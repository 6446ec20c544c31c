/** Formats US dollars for a narrow column: `$0.0123`, `$1.24`, `$123`, `$12,345`; `—` when undefined. */
export function formatUsd(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  if (n < 0) return `-${formatUsd(-n)}`;
  if (n === 0) return '$0.00';
  // Sub-cent model calls are the common case; four decimals keep them distinguishable.
  if (n < 0.0001) return '<$0.0001';
  if (n < 1) return `$${n.toFixed(4)}`;
  if (n < 100) return `$${n.toFixed(2)}`;
  return `$${Math.round(n).toLocaleString('en-US')}`;
}

/** Formats a spend rate: cents from a cent up (`$0.42`), else as {@link formatUsd}. */
export function formatUsdRate(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n) || n < 0.01 || n >= 1) return formatUsd(n);
  return `$${n.toFixed(2)}`;
}
