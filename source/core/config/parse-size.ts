// Sizes: KB/MB/GB/TB are decimal (SI, powers of 1000) and KiB/MiB/GiB/TiB binary (powers of 1024), as
// the units themselves say. Units are case-insensitive ("512mb"), a bare number is bytes.

const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/** Parses a size such as "512MB", "2GB", "100KiB" or "4096" into bytes (rounded down); undefined when it is not one. */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text.trim());
  if (m === null) return undefined;
  const unit = (m[2] as string).toLowerCase();
  if (unit !== '' && !Object.hasOwn(UNIT_BYTES, unit)) return undefined;
  const factor = unit === '' ? 1 : (UNIT_BYTES[unit] as number);
  const bytes = Math.floor(Number(m[1]) * factor);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
