/**
 * First visible row of a list window of `height` rows over `count` rows that keeps `selected` in view,
 * moving as little as possible from `previousStart` (the list scrolls only when the cursor leaves it).
 */
export function windowStart(count: number, height: number, selected: number, previousStart = 0): number {
  if (height <= 0 || count <= height) return 0;
  const maxStart = count - height;
  let start = Math.min(Math.max(0, previousStart), maxStart);
  const cursor = Math.min(Math.max(0, selected), count - 1);
  if (cursor < start) start = cursor;
  else if (cursor >= start + height) start = cursor - height + 1;
  return start;
}
