// fast-check arbitraries for fuzzing what a user writes: jamjet.toml (every known key, in every layout TOML allows,
// with good and bad values, then cut and spliced), Prometheus rule files (YAML in the rules format, good and bad,
// then cut and spliced), and argv arrays for the CLI's usage check.
import fc from 'fast-check';
import { COMMANDS } from '../../source/commands/command-specs.js';

/** A value as it is written in TOML, kept as text so that non-JSON forms (inf, 0x1F, dates, '…') can be written. */
type Toml = { readonly toml: string };
const t = (toml: string): Toml => ({ toml });

/** A TOML basic string (JSON's escapes are TOML's, except that a lone surrogate makes a syntax error: fine). */
const str = (s: string): Toml => t(JSON.stringify(s));

/** A key as TOML writes it: bare when it can be, else quoted. */
function key(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

/** Any TOML value: strings in each quoting, integers and floats in each spelling, dates, arrays, inline tables. */
const anyValue: fc.Arbitrary<Toml> = fc.letrec<{ value: Toml }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 12 }).map(str),
    fc.string({ maxLength: 12 }).filter((s) => !/['\n\r]/.test(s)).map((s) => t(`'${s}'`)),
    fc.string({ maxLength: 12 }).filter((s) => !s.includes('"""')).map((s) => t(`"""\n${s}"""`)),
    fc.integer().map((n) => t(String(n))),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => t(Number.isInteger(x) ? `${x}.0` : String(x))),
    fc.constantFrom('inf', '-inf', 'nan', '+nan', '1e400', '0x1F', '0o17', '0b101', '1_000', '+5', '-0', '9223372036854775808', '3.14e-400').map(t),
    fc.boolean().map((b) => t(String(b))),
    fc.constantFrom('1979-05-27T07:32:00Z', '1979-05-27T00:32:00.999999-07:00', '1979-05-27', '07:32:00', '1979-05-27 07:32:00').map(t),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => t(`[${items.map((i) => i.toml).join(', ')}]`)),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('value'), { maxKeys: 3 }).map((d) => t(`{ ${Object.entries(d).map(([k, v]) => `${key(k)} = ${v.toml}`).join(', ')} }`)),
  ),
})).value;

const strings = (...values: string[]): fc.Arbitrary<Toml> => fc.constantFrom(...values.map(str));
const raw = (...values: string[]): fc.Arbitrary<Toml> => fc.constantFrom(...values.map(t));
const inline = (...tables: Record<string, string>[]): fc.Arbitrary<Toml> =>
  fc.constantFrom(...tables.map((tb) => t(`{ ${Object.entries(tb).map(([k, v]) => `${key(k)} = ${v}`).join(', ')} }`)));

/** Every key jamjet.toml knows, with values right for it, nearly right, and wrong. */
const KNOWN_KEYS: ReadonlyArray<readonly [section: string, key: string, values: fc.Arbitrary<Toml>]> = [
  ['telemetry', 'enabled', raw('true', 'false', '"yes"', '1')],
  ['telemetry', 'service_name', strings('jamjet', '', ' ')],
  ['telemetry', 'service_version', strings('1.0.0', '')],
  ['telemetry.otlp', 'endpoint', strings('http://localhost:4318', 'https://otel:4317/v1', 'localhost:4317', 'ftp://x', '', 'http://')],
  ['telemetry.otlp', 'protocol', strings('grpc', 'http/protobuf', 'http/json', 'udp', 'GRPC')],
  ['telemetry.otlp', 'headers', inline({ authorization: '"Bearer t"' }, { 'bad name': '"v"' }, { x: '"a\\nb"' }, { x: '5' }, {})],
  ['telemetry.otlp', 'timeout', strings('10s', '0s', '1ms', '2h', 'ten', '-1s', '1.5s')],
  ['telemetry.otlp', 'compression', strings('gzip', 'none', 'zstd')],
  ['telemetry.prometheus', 'enabled', raw('true', 'false', '"false"')],
  ['telemetry.prometheus', 'port', raw('9090', '0', '65536', '-1', '9090.5', '"9090"', '1e400', 'nan')],
  ['logging', 'level', strings('debug', 'info', 'warn', 'error', 'trace', 'INFO', '')],
  ['logging', 'format', strings('json', 'text', 'xml')],
  ['top', 'url', fc.oneof(strings('ws://localhost:7700/v1/events', 'http://runtime:7700', 'events.jsonl', '-', 'file.txt', '', 'ws://'), raw('["ws://a:1/v1/events", "b.jsonl"]', '[5]', '[]', '5', '[["x"]]'))],
  ['top', 'db', strings('.jamjet/top.db', ':memory:', '', '/dev/null/x')],
  ['top', 'retention', inline({ max_age: '"7d"', max_size: '"2GB"' }, { max_age: '"-1d"' }, { max_size: '"lots"' }, { max_age: '7' }, { keep: '"all"' })],
  ['top', 'rules', fc.oneof(strings('rules/*.yml', 'a.yml', ''), raw('["a.yml", "b/*.yaml"]', '[""]', '7', '[[]]'))],
  ['top', 'alertmanager', fc.oneof(strings('http://am:9093', 'am:9093', ''), raw('["http://a:9093", 1]'))],
  ['top', 'budget_usd_per_hour', raw('5', '0', '-1', '2.5', 'inf', 'nan', '"5"', '1e400')],
  ['top', 'external_url', strings('http://top.example', 'top.example', '')],
  ['top', 'external_labels', inline({ env: '"prod"' }, { '1bad': '"x"' }, { __reserved: '"y"' }, { env: '""' }, { env: '5' }, { 'a-b': '"c"' }, {})],
  ['top', 'refresh', strings('250ms', '10ms', '1h', 'fast', '50ms', '10s', '10001ms')],
  ['top', 'metrics_host', strings('0.0.0.0', '', '::1')],
  ['top', 'metrics_port', raw('9100', '0', '70000', '"9100"', '-5')],
  ['top', 'log_file', strings('top.log', '')],
  ['top', 'token', strings('secret-token')],
  ['top', 'colour', strings('yes')],
  ['pricing."gpt-4o"', 'input_per_mtok', raw('2.5', '-1', '"x"', '0', 'inf', 'nan')],
  ['pricing."gpt-4o"', 'output_per_mtok', raw('10', '-0.5')],
  ['pricing."my model"', 'input_per_mtok', raw('1')],
  ['pricing', 'flat', raw('1', '"x"')],
  ['', 'unknown_root', raw('1')],
];

/** One setting: a known key (or a random one) with a value for it (or any value). */
const setting = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...KNOWN_KEYS).chain(([section, k, values]) => fc.tuple(fc.constant(section), fc.constant(k), fc.oneof({ weight: 4, arbitrary: values }, { weight: 1, arbitrary: anyValue }))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('', 'top', 'telemetry', 'logging', 'pricing', 'top.retention'), fc.string({ minLength: 1, maxLength: 8 }), anyValue) },
);

/** How a document groups its settings: [section] tables, dotted keys at the root, or inline tables. */
type Layout = 'tables' | 'dotted' | 'inline';

/** Writes settings as a TOML document in one layout (duplicates and clashes included: those are TOML errors). */
function writeToml(settings: ReadonlyArray<readonly [string, string, Toml]>, layout: Layout, comments: boolean): string {
  const bySection = new Map<string, string[]>();
  const root: string[] = [];
  for (const [section, k, v] of settings) {
    if (section === '') {
      root.push(`${key(k)} = ${v.toml}`);
      continue;
    }
    if (layout === 'dotted') root.push(`${section}.${key(k)} = ${v.toml}`);
    else bySection.set(section, [...(bySection.get(section) ?? []), `${key(k)} = ${v.toml}`]);
  }
  const note = comments ? '  # a comment = "with [brackets]"' : '';
  const out = [...root.map((l) => l + note)];
  for (const [section, lines] of bySection) {
    if (layout === 'inline') out.unshift(`${section} = { ${lines.join(', ')} }`);
    else out.push('', `[${section}]${note}`, ...lines.map((l) => l + note));
  }
  return out.join('\n');
}

/** A cut, a splice or a duplicated line, at a fraction of the text's length. */
type Edit = { op: 'insert'; at: number; text: string } | { op: 'delete'; at: number; length: number } | { op: 'duplicateLine'; at: number };

/** Cuts, splices and duplicates applied to a document's text, so that it breaks in places a writer would not. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom('"', "'", '[', ']', '=', '\n', '#', '{', '}', ',', '.', '\\', '\u0000', '\uFEFF', '"""', '\r\n', ' ', 'x') }),
  fc.record({ op: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

function applyEdit(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  if (e.op === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  if (e.op === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  const lines = text.split('\n');
  const i = Math.floor(e.at * lines.length);
  lines.splice(i, 0, lines[i] ?? '');
  return lines.join('\n');
}

/** jamjet.toml text: well-formed documents of known and unknown keys in any layout, sometimes cut and spliced, sometimes noise. */
export const hostileToml: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.array(setting, { maxLength: 8 }), fc.constantFrom<Layout>('tables', 'dotted', 'inline'), fc.boolean(), fc.array(edit, { maxLength: 2 }))
    .map(([settings, layout, comments, edits]) => edits.reduce(applyEdit, writeToml(settings, layout, comments))) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom(`a = ${'['.repeat(10_000)}${']'.repeat(10_000)}`, `[${'a.'.repeat(2_000)}b]`, '\uFEFF[top]\nurl = "-"', '[top]\r\nrefresh = "1s"\r\n') },
);

// ---------------------------------------------------------------------------------------------------------------

/** Expressions: valid PromQL, nearly valid, and not PromQL at all. */
const expr = fc.constantFrom(
  'up == 0', 'rate(jamjet_executions_total{status="failed"}[5m]) > 0.05', 'sum by (model) (rate(jamjet_model_cost_usd_total[1h]))',
  'jamjet_queue_depth > 100', 'histogram_quantile(0.99, rate(jamjet_execution_duration_ms_bucket[5m]))', 'vector(1)',
  'up ==', 'rate(x[5m)', 'sum(', '{}', '', '1 +', 'foo{a=~"("}', 'x[5y]', 'absent(nonexistent)', '"string"', '0x', 'and', 'x offset -',
);
const duration = fc.constantFrom('5m', '1h', '0s', '30s', '1d', '1w', '1y', '-5m', '5', '5mm', '1h30m', '', '9999999999999y');
const templateText = fc.constantFrom('{{ $labels.model }} is {{ $value }}', '{{ humanize $value }}', '{{', '{{ .Nope }}', '{{ $value | printf "%.2f" }}', 'plain', '{{ range }}', '{{ end }}');
const labelName = fc.constantFrom('severity', 'team', '1bad', '__name__', 'a-b', '', 'alertname');

/** YAML text of a scalar: plain, quoted, block, or a non-string (a number, a list, a map, null). */
const yamlScalar = (values: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: values.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: values.map((v) => `|\n        ${v.replace(/\n/g, '\n        ')}`) },
    { weight: 1, arbitrary: fc.constantFrom('5', '[a, b]', '{a: 1}', 'null', '~', 'true', '&anchor x', '*nope', '!!binary aGk=') },
  );

const rule = fc.record({
  head: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('alert: HighErrorRate', 'alert: Backlog', 'record: job:up:sum', 'record: "bad name"', 'alert: ""') }, { weight: 1, arbitrary: fc.constantFrom('alert: X\n        record: y', 'nope: 1', '') }),
  expr: yamlScalar(expr),
  for: fc.option(yamlScalar(duration), { nil: undefined }),
  keepFiringFor: fc.option(yamlScalar(duration), { nil: undefined }),
  labels: fc.option(fc.array(fc.tuple(labelName, yamlScalar(templateText)), { maxLength: 2 }), { nil: undefined }),
  annotations: fc.option(fc.array(fc.tuple(fc.constantFrom('summary', 'description', '1x'), yamlScalar(templateText)), { maxLength: 2 }), { nil: undefined }),
  extra: fc.option(fc.constantFrom('severity: page', 'expr: up', 'interval: 1m'), { nil: undefined, freq: 8 }),
});

/** A rule as generated, each field already YAML text. */
interface RuleText {
  head: string; expr: string; for: string | undefined; keepFiringFor: string | undefined;
  labels: [string, string][] | undefined; annotations: [string, string][] | undefined; extra: string | undefined;
}

function writeRule(r: RuleText): string {
  const lines = [`      - ${r.head}`, `        expr: ${r.expr}`];
  if (r.for !== undefined) lines.push(`        for: ${r.for}`);
  if (r.keepFiringFor !== undefined) lines.push(`        keep_firing_for: ${r.keepFiringFor}`);
  for (const [name, list] of [['labels', r.labels], ['annotations', r.annotations]] as const) {
    if (list === undefined) continue;
    lines.push(`        ${name}:`, ...list.map(([k, v]) => `          ${k === '' ? '""' : k}: ${v.replace(/\n {8}/g, '\n            ')}`));
  }
  if (r.extra !== undefined) lines.push(`        ${r.extra}`);
  return lines.join('\n');
}

const group = fc.record({
  name: fc.constantFrom('jamjet', 'jamjet', 'other', '', 'dup'),
  interval: fc.option(fc.constantFrom('1m', '30s', '0s', 'soon', '-1m'), { nil: undefined }),
  limit: fc.option(fc.constantFrom('0', '5', '-1', 'x'), { nil: undefined }),
  rules: fc.array(rule, { maxLength: 3 }),
}).map((g) => [
  `  - name: ${JSON.stringify(g.name)}`,
  ...(g.interval === undefined ? [] : [`    interval: ${g.interval}`]),
  ...(g.limit === undefined ? [] : [`    limit: ${g.limit}`]),
  '    rules:',
  ...g.rules.map(writeRule),
].join('\n'));

/** YAML edits: the TOML ones plus indentation shifts and tabs. */
const yamlEdit: fc.Arbitrary<Edit> = fc.oneof(edit, fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom('  ', '\t', '- ', ': ', '---\n', '...\n', '%YAML 1.2\n', '? ') }));

/** Rule file text: the rules format with good and bad groups and rules, cut and spliced, plus YAML noise. */
export const hostileRuleYaml: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.array(group, { maxLength: 3 }), fc.array(yamlEdit, { maxLength: 2 })).map(([groups, edits]) => edits.reduce(applyEdit, `groups:\n${groups.join('\n')}\n`)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom('groups: 5', 'groups:\n  - 5', '[]', 'groups: [{name: a, rules: [{alert: x, expr: "up"}]}]', `groups: ${'['.repeat(2_000)}${']'.repeat(2_000)}`, 'a: &a [*a]', 'groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: up\n  - name: x\n    rules: []\n', '\uFEFFgroups: []') },
);

// ---------------------------------------------------------------------------------------------------------------

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const KNOWN_FLAGS = [...new Set(Object.values(COMMANDS).flatMap((c) => Object.keys(c.flags).map((f) => `--${kebab(f)}`)))];

/** A flag no command knows: a known one misspelt, or a made-up one, sometimes with a value attached. */
export const unknownFlag: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('--urll', '--tokn', '--metric-port', '--no-metric', '--jsn', '--verbose', '--x', '--db-path', '--Url', '---url', '--url_'),
  fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !s.startsWith('-') && !/\d/.test(s[0] ?? '')).map((s) => `--zz${s}`),
).chain((flag) => fc.constantFrom(flag, `${flag}=value`));

/** argv after `jamjet`: a command (or not), then any mix of known flags, unknown flags, values and noise. */
export const hostileArgv: fc.Arbitrary<string[]> = fc.tuple(
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...Object.keys(COMMANDS)) }, { weight: 1, arbitrary: fc.constantFrom('', 'tpo', 'serv', '-', '--help', '--version', '-h', 'TOP') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  fc.array(fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...KNOWN_FLAGS) },
    { weight: 2, arbitrary: fc.constantFrom(...KNOWN_FLAGS).map((f) => `${f}=${f}`) },
    { weight: 1, arbitrary: unknownFlag },
    { weight: 3, arbitrary: fc.constantFrom('ws://localhost:7700/v1/events', '9090', '-5', '-1.5e3', 'exec_39201bc020354816b34546bc0da7d0fb', '--', '-', '-h', '-x', '-abc', '--no-metrics', '\u001b[31m', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  ), { maxLength: 8 }),
).map(([command, rest]) => [command, ...rest]);
