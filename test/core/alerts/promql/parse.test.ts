import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longestLookbackMs, parseExpr } from '../../../../source/core/alerts/promql/parse.js';
import { PromQLError } from '../../../../source/core/alerts/promql/types.js';

function parseError(text: string): PromQLError {
  try {
    parseExpr(text);
  } catch (err) {
    assert.ok(err instanceof PromQLError, `expected PromQLError, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${text} to be rejected`);
}

test('parses selectors with every matcher, offset and @ into the typed tree', () => {
  const e = parseExpr('foo{a="b", c!="d", e=~"x.*", f!~"y"} offset -1m @ 100');
  assert.equal(e.kind, 'vectorSelector');
  if (e.kind !== 'vectorSelector') return;
  assert.deepEqual(e.matchers.map((m) => `${m.name}${m.op}${m.value}`), ['__name__=foo', 'a=b', 'c!=d', 'e=~x.*', 'f!~y']);
  assert.equal(e.offsetMs, -60_000);
  assert.deepEqual(e.at, { kind: 'timestamp', ms: 100_000 });
  const re = e.matchers[3]!.re!;
  assert.ok(re.test('xyz'));
  assert.ok(!re.test('axyz'), 'regexes are anchored at both ends');
});

test('binds unary minus looser than ^, and ^ to the right', () => {
  assert.deepEqual(parseExpr('-2^2'), { kind: 'unary', op: '-', expr: { kind: 'binary', op: '^', lhs: { kind: 'number', v: 2 }, rhs: { kind: 'number', v: 2 }, bool: false } });
  const e = parseExpr('2^3^2');
  assert.ok(e.kind === 'binary' && e.rhs.kind === 'binary');
});

test('binds offset, @, ranges and subqueries tighter than operators, as Prometheus does', () => {
  const e = parseExpr('a + b offset 1m');
  assert.ok(e.kind === 'binary' && e.lhs.kind === 'vectorSelector' && e.rhs.kind === 'vectorSelector');
  assert.equal(e.lhs.offsetMs, 0);
  assert.equal(e.rhs.offsetMs, 60_000);
  const s = parseExpr('-a @ 10');
  assert.ok(s.kind === 'unary' && s.expr.kind === 'vectorSelector');
  assert.equal(s.expr.at?.kind, 'timestamp');
  assert.match(parseError('a + b[5m]').message, /binary expression must contain only scalar and instant vector types/);
});

test('reads vector matching: on, ignoring, group_left with extra labels', () => {
  const e = parseExpr('a * on(x) group_left(y) b');
  assert.ok(e.kind === 'binary');
  assert.deepEqual(e.matching, { card: 'many-to-one', on: true, labels: ['x'], include: ['y'] });
  const s = parseExpr('a or b');
  assert.ok(s.kind === 'binary');
  assert.equal(s.matching?.card, 'many-to-many');
});

test('reports syntax errors with 1-based line and column', () => {
  const e = parseError('sum(\n  foo{a="b"');
  assert.equal(e.position.line, 2);
  assert.equal(e.position.column, 12);
  assert.equal(parseError('foo{a="b"} +').position.column, 13);
  assert.match(parseError('   ').message, /no expression/);
});

test('rejects type errors as Prometheus does', () => {
  const cases: [string, RegExp][] = [
    ['rate(foo)', /expected type range vector in call to function "rate", got instant vector/],
    ['1 > 2', /comparisons between scalars must use BOOL modifier/],
    ['foo + bool bar', /bool modifier can only be used on comparison operators/],
    ['foo and 1', /set operator "and" not allowed in binary scalar expression/],
    ['foo or on(a) group_left bar', /no grouping allowed for "or" operation/],
    ['1 + on(a) foo', /vector matching only allowed between instant vectors/],
    ['foo[5m] + 1', /binary expression must contain only scalar and instant vector types/],
    ['topk(foo, bar)', /expected type scalar in aggregation parameter/],
    ['count_values(1, foo)', /expected type string in aggregation parameter/],
    ['sum(foo[5m])', /expected type instant vector in aggregation expression, got range vector/],
    ['topk(foo)', /wrong number of arguments/],
    ['clamp(foo, 1)', /expected 3 argument\(s\) in call to "clamp", got 2/],
    ['round()', /expected at least 1 argument/],
    ['hour(foo, bar)', /expected at most 1 argument/],
    ['-(foo[5m])', /unary expression only allowed/],
    ['foo[5m][1m:]', /subquery is only allowed on instant vector, got range vector/],
    ['(foo)[5m]', /ranges only allowed for vector selectors/],
    ['(foo) offset 5m', /offset modifier must be preceded/],
    ['foo offset 5m offset 1m', /offset may not be set multiple times/],
    ['{a=~".*"}', /at least one non-empty matcher/],
    ['foo{__name__="bar"}', /metric name must not be set twice/],
    ['a * on(x) group_left(x) b', /must not occur in ON and GROUP clause/],
  ];
  for (const [text, message] of cases) assert.match(parseError(text).message, message, text);
});

test('names unsupported constructs instead of guessing', () => {
  assert.match(parseError('holt_winters(foo[5m], 0.5, 0.5)').message, /unsupported function "holt_winters"/);
  assert.match(parseError('histogram_count(foo)').message, /unsupported function "histogram_count"/);
  assert.match(parseError('limitk(2, foo)').message, /unsupported aggregation "limitk"/);
  assert.match(parseError('foo[5m+1m]').message, /unsupported duration/);
  assert.match(parseError('foo{a=~"("}').message, /error parsing regexp/);
});

test('longestLookbackMs adds ranges, offsets and subquery windows', () => {
  assert.equal(longestLookbackMs(parseExpr('foo')), 300_000);
  assert.equal(longestLookbackMs(parseExpr('rate(foo[10m] offset 5m)')), 900_000);
  assert.equal(longestLookbackMs(parseExpr('max_over_time(rate(foo[5m])[1h:1m]) + bar offset 1m')), 3_900_000);
  assert.equal(longestLookbackMs(parseExpr('1 + 2')), 0);
});
