/** One sample line of a text exposition. */
export interface ExpositionSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A parsed Prometheus / OpenMetrics text exposition: declared types and every sample. */
export interface Exposition {
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly ExpositionSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text exposition format strictly enough for tests (throws on a malformed sample line). */
export function parseExposition(body: string): Exposition {
  const types = new Map<string, string>();
  const samples: ExpositionSample[] = [];
  for (const line of body.split('\n')) {
    if (line === '' || line === '# EOF') continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types.set(name!, type!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`malformed sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\"/g, '"').replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
    samples.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return { types, samples };
}

/** Sum of the values of `name` samples whose labels include `match`. */
export function sumSamples(exp: Exposition, name: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const s of exp.samples) {
    if (s.name !== name) continue;
    if (Object.entries(match).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  }
  return sum;
}
