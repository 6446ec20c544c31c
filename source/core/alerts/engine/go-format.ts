// Go's renderings that Prometheus's JSON carries, so our answers compare equal to its answers.

/** Go's strconv.FormatFloat(v, 'e', -1, 64): shortest digits, a signed exponent of at least two digits. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const text = Object.is(v, -0) ? '-0e+0' : v.toExponential();
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Go's zero time.Time as JSON shows it: what Prometheus reports for "never". */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * A UTC time (ms since the epoch) as Go's time.Time marshals to JSON: RFC 3339 with the fraction's
 * trailing zeros dropped; undefined is Go's zero time. The fraction stops at µs: a double holding epoch
 * ms is only that precise (Prometheus's own wall-clock times show ns digits we cannot have).
 */
export function formatGoTime(ms: number | undefined): string {
  if (ms === undefined) return GO_ZERO_TIME;
  let seconds = Math.floor(ms / 1000);
  let nanos = Math.round((ms - seconds * 1000) * 1000) * 1000;
  if (nanos >= 1e9) {
    seconds += 1;
    nanos -= 1e9;
  }
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  const fraction = nanos === 0 ? '' : '.' + String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${whole}${fraction}Z`;
}
