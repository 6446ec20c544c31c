/** Formats a token count compactly: `412`, `1.2k`, `34k`, `3.4M`, `1.1B`; `—` when undefined. */
export function formatTokens(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  // Thresholds sit where rounding would otherwise print `1000k` instead of `1.0M`.
  if (abs < 999.5) return String(Math.round(n));
  if (abs < 999_500) return scaled(n / 1e3, 'k');
  if (abs < 999_500_000) return scaled(n / 1e6, 'M');
  return scaled(n / 1e9, 'B');
}

function scaled(value: number, suffix: string): string {
  // One decimal below 10 (1.2k), none above (34k), like htop and docker stats.
  const text = Math.abs(value) < 9.95 ? value.toFixed(1) : String(Math.round(value));
  return `${text}${suffix}`;
}
