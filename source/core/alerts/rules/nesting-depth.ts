// The yaml parser recurses once per level of nesting and turns a stack overflow into errors whose number and
// place depend on how much stack was left: a hostile rule file would read differently each time (and near the
// limit V8 itself may fail). So nesting is bounded before parsing, the way go-yaml bounds it for Prometheus.

/** Deepest nesting of flow collections (`[`, `{`) read; real rule files use two or three. */
export const MAX_FLOW_DEPTH = 256;
/** Deepest indentation read, in columns (a compact `- - -` counts its dashes); real rule files use a dozen. */
export const MAX_INDENT_COLUMNS = 1000;

/** Where `text` nests past the bounds, with what to say, or undefined. Brackets inside strings count too: none real come close. */
export function nestingProblem(text: string): { offset: number; message: string } | undefined {
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = true;
      indent = 0;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (lineStart) {
      // Leading spaces and compact sequence dashes (`- - x`) are what block nesting is made of.
      if (c === 32 || (c === 45 && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9))) {
        if (++indent > MAX_INDENT_COLUMNS) return { offset: i, message: `indented deeper than ${MAX_INDENT_COLUMNS} columns` };
        continue;
      }
      lineStart = false;
    }
    if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9 || text.charCodeAt(i - 1) === 10)) comment = true;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) return { offset: i, message: `collections nested deeper than ${MAX_FLOW_DEPTH} levels` };
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}
