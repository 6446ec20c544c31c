import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, TemplateParseError } from '../../../../source/core/alerts/rules/template.js';
import type { TemplateData } from '../../../../source/core/alerts/rules/rule-types.js';

const data = (value: number, labels: Record<string, string> = {}): TemplateData => ({
  labels,
  value,
  externalLabels: { cluster: 'eu-1' },
  externalURL: 'http://jamjet.local:9090',
});

const render = (source: string, d: TemplateData = data(0.05, { workflow_id: 'wf-a', instance: 'h:1' })): string => compileTemplate(source).render(d);

test('reads labels, value and external data through variables, dot fields and index', () => {
  assert.equal(render('{{ $labels.workflow_id }} {{ .Labels.instance }} {{ index $labels "workflow_id" }}'), 'wf-a h:1 wf-a');
  assert.equal(render('{{ $value }}/{{ .Value }}'), '0.05/0.05');
  assert.equal(render('{{ $externalLabels.cluster }} {{ .ExternalLabels.cluster }} {{ $externalURL }} {{ .ExternalURL }}'), 'eu-1 eu-1 http://jamjet.local:9090 http://jamjet.local:9090');
  assert.equal(render('[{{ $labels.missing }}][{{ index $labels "nope" }}]'), '[][]', 'missingkey=zero');
  assert.equal(render('plain text'), 'plain text');
});

test('prints $value as Go prints a float64', () => {
  const cases: [number, string][] = [
    [1e6, '1e+06'], [123456, '123456'], [1234567, '1.234567e+06'], [0.0001, '0.0001'], [0.00001, '1e-05'],
    [Infinity, '+Inf'], [-Infinity, '-Inf'], [NaN, 'NaN'], [1 / 3, '0.3333333333333333'], [100, '100'], [-0, '-0'],
  ];
  for (const [v, want] of cases) assert.equal(render('{{ $value }}', data(v)), want, String(v));
});

/** Outputs from Prometheus's template/template_test.go. */
test('humanize functions match Prometheus', () => {
  const each = (fn: string, values: number[]): string => values.map((v) => render(`{{ ${fn} $value }}`, data(v))).join(':');
  assert.equal(each('humanize', [0, 1, 1234567, 0.12, 12345, 1e-5, -1500]), '0:1:1.235M:120m:12.35k:10u:-1.5k');
  assert.equal(each('humanize1024', [0, 1, 1048576, 0.12, 1536]), '0:1:1Mi:0.12:1.5ki');
  assert.equal(
    each('humanizeDuration', [0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99]),
    '0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s',
  );
  assert.equal(each('humanizeDuration', [0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345]), '100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s');
  assert.equal(each('humanizePercentage', [0.1234567, 0.01, 0.05]), '12.35%:1%:5%');
  assert.equal(render('{{ humanizeTimestamp $value }}', data(1435065584.128)), '2015-06-23 13:19:44.128 +0000 UTC');
  assert.equal(render('{{ humanizeTimestamp $value }}', data(1435065584)), '2015-06-23 13:19:44 +0000 UTC');
  assert.equal(render('{{ humanize "+Inf" }} {{ humanize "-Inf" }} {{ humanize "NaN" }} {{ humanize "2048" }}'), '+Inf -Inf NaN 2.048k');
  assert.equal(render('{{ $value | humanizePercentage }}'), '5%');
});

test('printf follows Go verbs, rounding ties to even', () => {
  assert.equal(render('{{ printf "%.2f" $value }}'), '0.05');
  assert.equal(render('{{ printf "%.2f|%.0f|%.0f" 0.125 2.5 3.5 }}'), '0.12|2|4');
  assert.equal(render('{{ printf "%s=%q %d %x %v %%" "a" "b\\n" 42 255 $value }}'), 'a="b\\n" 42 ff 0.05 %');
  assert.equal(render('{{ printf "%d" $value }}'), '%!d(float64=0.05)');
  assert.equal(render('{{ printf "%s %s" "a" }}'), 'a %!s(MISSING)');
  assert.equal(render('{{ printf "%5.1f|%-4s|%05d" 3.14159 "x" 42 }}'), '  3.1|x   |00042');
  assert.equal(render('{{ printf "%e %g" 123456.789 0.000012 }}'), '1.234568e+05 1.2e-05');
});

test('string functions: title, toUpper, toLower, reReplaceAll, match', () => {
  assert.equal(render('{{ title "aa bb-cc dd_ee" }}|{{ toUpper "abc" }}|{{ toLower "ABC" }}'), 'Aa Bb-Cc Dd_ee|ABC|abc');
  assert.equal(render('{{ reReplaceAll "h(.*):(\\\\d+)" "$1 port ${2}x $$" $labels.instance }}'), ' port 1x $');
  assert.equal(render('{{ reReplaceAll "(a)(?P<n>b)" "[$n][$9]" "ab" }}'.replace('?P<', '?<')), '[b][]');
  assert.equal(render('{{ if match "^wf-" $labels.workflow_id }}yes{{ end }}'), 'yes');
});

test('if / else if / else with comparisons and logic', () => {
  const t = compileTemplate('{{ if gt $value 0.5 }}high{{ else if and (ge $value 0.01) (not (eq $labels.x "skip")) }}mid{{ else }}low{{ end }}');
  assert.equal(t.render(data(0.9)), 'high');
  assert.equal(t.render(data(0.05)), 'mid');
  assert.equal(t.render(data(0.05, { x: 'skip' })), 'low');
  assert.equal(t.render(data(0.001)), 'low');
  assert.equal(render('{{ if eq $labels.workflow_id "x" "wf-a" }}one of{{ end }}'), 'one of');
  assert.equal(render('{{ or $labels.none "default" }}|{{ and "a" "" "b" }}|'), 'default||');
  assert.equal(render('{{ if ne "a" "b" }}{{ if lt 1 2 }}{{ if le "a" "a" }}ok{{ end }}{{ end }}{{ end }}'), 'ok');
});

test('an int literal against the float $value is Go\'s incompatible-types error, at render', () => {
  assert.throws(() => render('{{ if gt $value 100 }}x{{ end }}'), /error calling gt: incompatible types for comparison/);
  assert.throws(() => render('{{ humanize "abc" }}'), /error calling humanize: .*invalid syntax/);
  assert.throws(() => render('{{ toUpper $value }}'), /expected string; got float64/);
  assert.throws(() => render('{{ .Nope }}'), /can't evaluate field Nope/);
});

test('trim markers and comments', () => {
  assert.equal(render('a  {{- $labels.workflow_id -}}  \n b'), 'awf-ab');
  assert.equal(render('a {{/* a comment */}}b {{- /* trimmed */ -}} c'), 'a bc');
  assert.equal(render('{{-3}}'), '-3', '{{-3}} is a number, not a trim marker');
});

test('variables can be declared and pipelines nested', () => {
  assert.equal(render('{{ $v := $value | humanizePercentage }}{{ $v }} of {{ (index $labels "workflow_id") | toUpper }}'), '5% of WF-A');
  assert.equal(render('{{ printf "%s" (printf "%.1f" $value) }}'), '0.1');
});

test('parse errors say what is wrong and where (offset into the template)', () => {
  const cases: [string, RegExp, number][] = [
    ['ok {{ humanise $value }}', /function "humanise" not defined/, 6],
    ['{{ $nope }}', /undefined variable "\$nope"/, 3],
    ['{{ if $value }}open', /without \{\{end\}\}/, 0],
    ['x {{ end }}', /unexpected \{\{end\}\}/, 2],
    ['{{ "unterminated }}', /unterminated quoted string/, 3],
    ['{{ $value ', /unclosed action/, 2],
    ['{{ range $labels }}{{ end }}', /not supported/, 0],
    ['{{ /* c */ }}', /unrecognized character/, 3],
    ['{{}}', /missing value for command/, 0],
  ];
  for (const [source, message, offset] of cases) {
    try {
      compileTemplate(source);
      assert.fail(`no error for ${source}`);
    } catch (error) {
      assert.ok(error instanceof TemplateParseError, source);
      assert.match(error.message, message, source);
      assert.equal(error.offset, offset, source);
    }
  }
});
