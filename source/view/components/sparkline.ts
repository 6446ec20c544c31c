/** The eight block heights a sparkline is drawn with, lowest first. */
export const SPARK_BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * Draws the last `width` values as block characters scaled to their maximum (which gets `█`); zero,
 * negative, NaN and infinite values count as 0 and draw `▁`, so an idle series reads as a flat line.
 */
export function sparkline(values: readonly number[], width: number): string {
  if (!(width > 0) || values.length === 0) return '';
  const tail = values.slice(-Math.floor(width)).map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  let max = 0;
  for (const v of tail) if (v > max) max = v;
  const top = SPARK_BLOCKS.length - 1;
  let out = '';
  for (const v of tail) out += SPARK_BLOCKS[max === 0 ? 0 : Math.round((v / max) * top)];
  return out;
}
