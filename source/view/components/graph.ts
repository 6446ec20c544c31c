import { displayWidth, padToWidth, truncateToWidth } from '../format/truncate.js';

/** Cell fills from empty to full, in eighths: a column's height reads to 1/8 of a row without colour. */
export const GRAPH_BLOCKS = ' ▁▂▃▄▅▆▇█';

/** Options for {@link graphLines}. */
export interface GraphOptions {
  /** Columns the graph may use, its scale included. */
  readonly width: number;
  /** Lines it may use: the plot rows and, from 2 lines, a scale line under them. */
  readonly height: number;
  /** How scale values read (`12`, `$0.40`); plain numbers by default. */
  readonly format?: ((value: number) => string) | undefined;
  /** What the x axis spans (`10m`), shown on the scale line. */
  readonly span?: string | undefined;
}

const plain = (n: number): string => (Number.isInteger(n) ? String(n) : n.toPrecision(3));

/**
 * A multi-line block graph of `values` (oldest first, one column each, newest at the right edge) that
 * fills exactly `height` lines of at most `width` columns: a gutter with the scale's max on the top row
 * and min on the bottom plot row, then the columns, each drawn in eighths of a row; under them a scale
 * line `└ now 12 · 10m`. The scale starts at 0 unless a value is negative. NaN and missing values are
 * gaps; a value at the minimum still draws `▁`, so an idle series reads as a flat line. One line high,
 * it is a sparkline followed by `now 12`.
 */
export function graphLines(all: readonly number[], options: GraphOptions): string[] {
  const width = Math.floor(options.width);
  const height = Math.floor(options.height);
  if (!(width > 0) || !(height > 0)) return [];
  const format = options.format ?? plain;
  const last = all.length > 0 && Number.isFinite(all[all.length - 1]) ? all[all.length - 1]! : undefined;
  const nowText = `now ${last === undefined ? '—' : format(last)}`;
  if (height === 1) {
    const plotW = Math.max(0, width - displayWidth(nowText) - 1);
    const { min, max } = scaleOf(all.slice(Math.max(0, all.length - plotW)), format);
    return [padToWidth(`${plotRows(all, plotW, 1, min, max)[0]} ${nowText}`.trimStart(), width).trimEnd()];
  }
  const rows = height - 1;
  // Scaled to what is on screen (a spike scrolled out of view no longer flattens the rest); the labels'
  // width sets the plot's, so the scale is taken twice: the second time over just the columns shown.
  const gutterOf = (s: Scale): number => Math.min(Math.max(displayWidth(s.top), displayWidth(s.bottom)), Math.max(0, width - 2));
  const first = scaleOf(all.slice(Math.max(0, all.length - width)), format);
  const scale = scaleOf(all.slice(Math.max(0, all.length - (width - gutterOf(first) - 1))), format);
  const gutter = gutterOf(scale);
  const plot = plotRows(all, Math.max(0, width - gutter - 1), rows, scale.min, scale.max);
  const lines = plot.map((row, r) => {
    const label = r === 0 ? scale.top : r === rows - 1 ? scale.bottom : '';
    return `${alignRight(label, gutter)}${r === 0 || r === rows - 1 ? '┤' : '│'}${row}`;
  });
  lines.push(`${' '.repeat(gutter)}└ ${nowText}${options.span ? ` · ${options.span}` : ''}`);
  return lines.map((line) => padToWidth(line, width).trimEnd());
}

interface Scale {
  readonly min: number;
  readonly max: number;
  readonly top: string;
  readonly bottom: string;
}

/** From 0 (or the lowest value, when negative) to the highest, never an empty range. */
function scaleOf(values: readonly number[], format: (n: number) => string): Scale {
  let min = 0;
  let max = 0;
  let any = false;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    any = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const top = format(any ? max : 0);
  if (max === min) max = min + 1;
  return { min, max, top, bottom: format(min) };
}

function alignRight(text: string, width: number): string {
  const cut = truncateToWidth(text, width);
  return ' '.repeat(Math.max(0, width - displayWidth(cut))) + cut;
}

/** The plot: `rows` strings of `width` cells, the newest value in the rightmost column. */
function plotRows(values: readonly number[], width: number, rows: number, min: number, max: number): string[] {
  const out = new Array<string>(rows).fill('');
  const shown = values.slice(Math.max(0, values.length - width));
  const pad = width - shown.length;
  for (let r = 0; r < rows; r++) out[r] = ' '.repeat(pad);
  const eighths = GRAPH_BLOCKS.length - 1;
  for (const v of shown) {
    const height = Number.isFinite(v) ? ((v - min) / (max - min)) * rows : NaN;
    for (let r = 0; r < rows; r++) {
      // Row r counts from the top; its floor is (rows - 1 - r) rows above the baseline.
      const fill = Number.isNaN(height) ? 0 : Math.min(1, Math.max(0, height - (rows - 1 - r)));
      let cell = GRAPH_BLOCKS[Math.round(fill * eighths)]!;
      if (r === rows - 1 && !Number.isNaN(height) && cell === ' ') cell = GRAPH_BLOCKS[1]!;
      out[r] += cell;
    }
  }
  return out;
}
