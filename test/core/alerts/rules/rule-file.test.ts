import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkExpr } from '../../../../source/core/alerts/configured-rules.js';
import { loadRuleFileText } from '../../../../source/core/alerts/rules/rule-file.js';

const DOCS = 'test/fixtures/rules/jamjet-docs-alerts.yml';
const load = (text: string) => loadRuleFileText('r.yml', text, checkExpr);
const where = (text: string): string[] => load(text).errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);

test("loads the observability docs' alerts.yml as written, with positions", () => {
  const { groups, errors } = loadRuleFileText(DOCS, readFileSync(DOCS, 'utf8'), checkExpr);
  assert.deepEqual(errors, []);
  assert.equal(groups.length, 1);
  const [g] = groups;
  assert.deepEqual({ name: g!.name, file: g!.file, intervalMs: g!.intervalMs, limit: g!.limit, position: g!.position }, { name: 'jamjet', file: DOCS, intervalMs: undefined, limit: 0, position: { file: DOCS, line: 3, column: 5 } });
  const [high, backlog] = g!.rules;
  assert.equal(high!.kind, 'alert');
  assert.equal(high!.name, 'HighExecutionErrorRate');
  assert.equal(high!.expr, 'rate(jamjet_executions_total{status="failed"}[5m]) /\nrate(jamjet_executions_total[5m]) > 0.05\n');
  assert.deepEqual(high!.position, { file: DOCS, line: 5, column: 9 });
  assert.equal(high!.kind === 'alert' && high!.forMs, 120_000);
  assert.equal(high!.kind === 'alert' && high!.annotations.summary!.source, 'JamJet error rate above 5%');
  assert.equal(backlog!.name, 'ExecutionQueueBacklog');
  assert.equal(backlog!.kind === 'alert' && backlog!.forMs, 300_000);
  assert.deepEqual(backlog!.position, { file: DOCS, line: 12, column: 9 });
});

test('reads recording rules, interval, limit, keep_firing_for and label templates', () => {
  const { groups, errors } = load(`groups:
  - name: g
    interval: 30s
    limit: 10
    rules:
      - record: job:rate5m
        expr: sum(rate(x[5m]))
        labels: { team: core }
      - alert: A
        expr: up == 0
        keep_firing_for: 1m
        labels:
          severity: "{{ if gt $value 1.0 }}page{{ else }}ticket{{ end }}"
`);
  assert.deepEqual(errors, []);
  const g = groups[0]!;
  assert.equal(g.intervalMs, 30_000);
  assert.equal(g.limit, 10);
  assert.equal(g.rules[0]!.kind, 'record');
  assert.equal(g.rules[0]!.labels.team!.source, 'core');
  const a = g.rules[1]!;
  assert.ok(a.kind === 'alert');
  assert.equal(a.keepFiringForMs, 60_000);
  assert.equal(a.forMs, 0);
  assert.equal(a.labels.severity!.render({ labels: {}, value: 2, externalLabels: {}, externalURL: '' }), 'page');
});

test('an empty file has no groups and no errors', () => {
  assert.deepEqual(load(''), { groups: [], errors: [] });
  assert.deepEqual(load('groups: []\n'), { groups: [], errors: [] });
});

test('a YAML syntax error is reported at its line and column', () => {
  assert.deepEqual(where('groups:\n  - name: g\n    rules: [\n'), ['r.yml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]']);
  assert.match(where('groups:\n  - name: a\n    name: b\n')[0]!, /^r\.yml:3:5: Map keys must be unique/);
});

test('each bad input is an error with file:line:col, all of them collected', () => {
  const text = `groups:
  - name: g
    interval: 5x
    limit: -1
    rules:
      - alert: A
        expr: rate(x[5m]) >
        for: 2 minutes
        labels:
          bad-name: x
        annotations:
          summary: "{{ humanise $value }}"
        extra: 1
      - record: not a metric
        expr: sum(x)
        for: 1m
        annotations: { a: b }
      - alert: B
        record: b
        expr: up
      - expr: up
      - alert: C
      - alert: D
        expr: |
          sum(rate(x[5m]))
            / rat(y[5m])
  - name: g
    rules: []
  - rules: []
`;
  assert.deepEqual(where(text), [
    'r.yml:3:15: interval: not a valid duration string: "5x"',
    'r.yml:4:12: limit must be a non-negative integer, got -1',
    'r.yml:13:9: field extra not found in rule (expected record, alert, expr, for, keep_firing_for, labels, annotations)',
    'r.yml:7:28: could not parse expression: unexpected end of input',
    'r.yml:8:14: for: not a valid duration string: "2 minutes"',
    'r.yml:10:11: invalid label name: bad-name',
    'r.yml:12:24: annotation "summary": template: function "humanise" not defined',
    "r.yml:16:9: invalid field 'for' in recording rule",
    "r.yml:17:9: invalid field 'annotations' in recording rule",
    'r.yml:14:17: invalid recording rule name: not a metric',
    "r.yml:18:9: only one of 'record' and 'alert' must be set",
    "r.yml:21:9: one of 'record' or 'alert' must be set",
    "r.yml:22:9: field 'expr' must be set in rule",
    'r.yml:26:15: could not parse expression: unsupported function "rat"',
    'r.yml:27:11: groupname: "g" is repeated in the same file',
    'r.yml:29:5: Groupname must not be empty',
  ]);
});

test('a bad group drops out of groups while the good ones load', () => {
  const { groups, errors } = load('groups:\n  - name: ok\n    rules:\n      - record: r\n        expr: up\n  - name: bad\n    rules:\n      - alert: X\n        expr: "up +"\n');
  assert.deepEqual(groups.map((g) => g.name), ['ok']);
  assert.deepEqual(errors.map((e) => [e.line, e.column]), [[9, 20]]);
});

test('unknown top-level and group keys are refused, as Prometheus unmarshals strictly', () => {
  assert.deepEqual(where('groups: []\nrule_files: []\n'), ['r.yml:2:1: field rule_files not found in rule file (expected groups)']);
  assert.deepEqual(where('groups:\n  - name: g\n    evaluation_interval: 1m\n'), ['r.yml:3:5: field evaluation_interval not found in rule group (expected name, interval, limit, rules)']);
});

// Found by the fuzz tests (rule-file-fuzz.test.ts): yaml's LineCounter missed the line break inside a block
// scalar it gave up on, and put the next line's errors at line 7, column 33 of a 15-character line.
test('errors after a broken block scalar are placed on their own line', () => {
  const text = '-\ngroups:\n  - name: "jamjet"\n    rules:\n      - alert: HighErrorRate\n        expr: |\n        up == 0\n        severity: page\n';
  const lines = text.split('\n');
  for (const e of load(text).errors) assert.ok(e.column <= lines[e.line - 1]!.length + 1, `${e.line}:${e.column} ${e.message}`);
  assert.ok(where(text).includes('r.yml:8:17: Unexpected map-value-ind token in YAML stream: ":"'), where(text).join('\n'));
});

// Found by the fuzz tests: the parser's stack overflow gave a different list of errors on each call.
test('nesting too deep for the parser is one error, the same on every call', () => {
  const text = `groups: ${'['.repeat(5000)}${']'.repeat(5000)}`;
  assert.deepEqual(where(text), ['r.yml:1:265: collections nested deeper than 256 levels']);
  assert.deepEqual(load(text), load(text));
});
