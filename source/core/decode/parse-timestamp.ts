// RFC 3339 timestamps as chrono writes them: 0/3/6/9 fraction digits, `Z` or a numeric offset (`+00:00` from
// `to_rfc3339()`). Date.parse is unreliable with 9-digit fractions and slow, so this parses by hand: fixed
// positions, pure arithmetic, no allocation. Sub-millisecond digits are truncated.

/** Reads `n` ASCII digits at `pos` as an integer, or -1 if any is not a digit. */
function digits(s: string, pos: number, n: number): number {
  let v = 0;
  for (let i = pos; i < pos + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, m: number, d: number): number {
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// A stream's timestamps share their date and hour for long runs: the last validated `YYYY-MM-DDTHH` and
// its epoch ms let the next one skip the calendar arithmetic (the rest is still parsed and checked).
let hourPrefix = '';
let hourMs = 0;

/** Parses an RFC 3339 date-time to epoch milliseconds, or NaN when it is not one. */
export function parseTimestamp(s: string): number {
  if (typeof s !== 'string' || s.length < 20 || s.length > 64) return NaN;
  if (hourPrefix !== '' && s.startsWith(hourPrefix)) return parseRest(s, hourMs);
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return NaN; // 'T', 't', or ' ' (RFC 3339 §5.6 note)
  const base = (daysFromCivil(year, month, day) * 24 + hour) * 3600000;
  const ms = parseRest(s, base);
  if (!Number.isNaN(ms)) {
    hourPrefix = s.slice(0, 13);
    hourMs = base;
  }
  return ms;
}

/** Parses minutes, seconds, fraction and offset after a validated `YYYY-MM-DDTHH` worth `base` ms. */
function parseRest(s: string, base: number): number {
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;

  let pos = 19;
  let ms = 0;
  if (s.charCodeAt(pos) === 46) { // '.'
    pos++;
    const start = pos;
    let scale = 100;
    for (;;) {
      const d = s.charCodeAt(pos) - 48;
      if (!(d >= 0 && d <= 9)) break;
      if (scale >= 1) ms += d * scale;
      scale /= 10;
      pos++;
    }
    if (pos === start) return NaN;
  }

  let offsetMin = 0;
  const z = s.charCodeAt(pos);
  if (z === 90 || z === 122) { // 'Z' / 'z'
    pos++;
  } else if (z === 43 || z === 45) { // '+' / '-'
    const oh = digits(s, pos + 1, 2);
    const om = digits(s, pos + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59 || s.charCodeAt(pos + 3) !== 58) return NaN;
    offsetMin = (oh * 60 + om) * (z === 43 ? 1 : -1);
    pos += 6;
  } else {
    return NaN;
  }
  if (pos !== s.length) return NaN;
  return base + (minute - offsetMin) * 60000 + second * 1000 + ms;
}
