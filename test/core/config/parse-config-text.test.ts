import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../source/core/config/config-error.js';
import { MAX_REPORTED_PROBLEMS, parseConfigText } from '../../../source/core/config/parse-config-text.js';

const fixture = (name: string): string => readFileSync(new URL(`../../../../test/fixtures/config/${name}`, import.meta.url), 'utf8');

/** Runs parseConfigText and returns the ConfigError it must throw. */
function errorOf(text: string, file = 'jamjet.toml'): ConfigError {
  try {
    parseConfigText(text, file);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('parseConfigText', () => {
  test('warns about an unknown key with its line, and keeps the known ones', () => {
    const { toml, warnings } = parseConfigText(fixture('unknown-key.toml'), 'unknown-key.toml');
    assert.equal(toml.top?.refresh, '500ms');
    assert.deepEqual(warnings[0], {
      file: 'unknown-key.toml',
      line: 3,
      key: 'top.colour',
      message: 'unknown-key.toml:3: unknown key [top] colour (ignored)',
    });
  });

  test('warns about an unknown section at its header', () => {
    const { warnings } = parseConfigText(fixture('unknown-key.toml'), 'unknown-key.toml');
    assert.equal(warnings.length, 2);
    assert.equal(warnings[1]?.key, 'grafana');
    assert.equal(warnings[1]?.line, 5);
  });

  test('warns about unknown keys inside known sub-tables and pricing entries', () => {
    const text = '[telemetry.otlp]\ninsecure = true\n[pricing.m]\ninput_per_mtok = 1\noutput_per_mtok = 2\ncached_per_mtok = 0.1\n';
    const { warnings } = parseConfigText(text, 'jamjet.toml');
    assert.deepEqual(
      warnings.map((w) => [w.key, w.line]),
      [
        ['telemetry.otlp.insecure', 2],
        ['pricing.m.cached_per_mtok', 6],
      ],
    );
  });

  test('explains that a token is never read from the file', () => {
    const { warnings } = parseConfigText('[top]\ntoken = "abc"\n', 'jamjet.toml');
    assert.match(warnings[0]?.message ?? '', /^jamjet\.toml:2: unknown key \[top\] token \(tokens are read only from --token or JAMJET_TOKEN/);
    assert.ok(!warnings[0]?.message.includes('abc'));
  });

  test('rejects a port written as a string at the value with what was expected', () => {
    const error = errorOf(fixture('wrong-type.toml'), 'wrong-type.toml');
    assert.equal(error.message, 'wrong-type.toml:7:8: [telemetry.prometheus] port: expected an integer 1-65535, got "abc"');
    assert.deepEqual([error.file, error.line, error.column, error.key], ['wrong-type.toml', 7, 8, 'telemetry.prometheus.port']);
    assert.equal(error.expected, 'an integer 1-65535');
    assert.equal(error.exitCode, 2);
  });

  test('rejects a port out of range or fractional', () => {
    assert.match(errorOf('[telemetry.prometheus]\nport = 70000\n').message, /^jamjet\.toml:2:8: .*got 70000$/);
    assert.match(errorOf('[telemetry.prometheus]\nport = 90.5\n').message, /expected an integer 1-65535, got 90\.5$/);
  });

  test('rejects a log level outside the allowed values, naming them', () => {
    const error = errorOf(fixture('bad-enum.toml'), 'bad-enum.toml');
    assert.equal(error.message, 'bad-enum.toml:2:9: [logging] level: expected one of "debug", "info", "warn", "error", got "verbose"');
  });

  test('reads pricing entries under quoted, single-quoted and inline model names', () => {
    const { toml, warnings } = parseConfigText(fixture('pricing.toml'), 'pricing.toml');
    assert.deepEqual(warnings, []);
    assert.deepEqual(toml.pricing, {
      'claude-3.5-sonnet': { input_per_mtok: 3, output_per_mtok: 15 },
      'o1 mini': { input_per_mtok: 1.1, output_per_mtok: 4.4 },
      'gpt-4o-mini': { input_per_mtok: 0.15, output_per_mtok: 0.6 },
      'local-llama': { input_per_mtok: 0, output_per_mtok: 0 },
    });
  });

  test('rejects a pricing entry without input_per_mtok, pointing at its table', () => {
    const error = errorOf(fixture('missing-rate.toml'), 'missing-rate.toml');
    assert.equal(error.message, 'missing-rate.toml:1:1: [pricing.gpt-4o] input_per_mtok: missing, expected a non-negative number (USD per million input tokens)');
  });

  test('rejects a negative price', () => {
    assert.match(errorOf('[pricing."a.b"]\ninput_per_mtok = -1\noutput_per_mtok = 1\n').message, /^jamjet\.toml:2:18: \[pricing\."a\.b"\] input_per_mtok: expected a non-negative number .*got -1$/);
  });

  test('reports a TOML syntax error with the line and column smol-toml found', () => {
    const error = errorOf(fixture('syntax-error.toml'), 'syntax-error.toml');
    assert.equal(error.line, 3);
    assert.equal(error.column, 11);
    assert.match(error.message, /^syntax-error\.toml:3:11: TOML syntax error: \S/);
    assert.ok(!error.message.includes('\n'), 'no code excerpt in the one-line message');
  });

  test('calls a string left open at the end of its line an unterminated string, at the line break', () => {
    const error = errorOf('[top]\nurl = "ws://127.0.0.1:7700/v1/events\nrefresh = "1s"\n');
    assert.equal(error.message, 'jamjet.toml:2:37: TOML syntax error: unterminated string (the quote at column 7 is never closed on its line)');
    assert.deepEqual([error.line, error.column], [2, 37]);
    assert.match(errorOf("[top]\r\ndb = 'store.db\r\n").message, /^jamjet\.toml:2:15: TOML syntax error: unterminated string \(the quote at column 6/);
    assert.match(errorOf('[top]\nurl = "ws://x').message, /^jamjet\.toml:2:7: TOML syntax error: unterminated string$/);
  });

  test('still calls a real control character inside a string a control character', () => {
    assert.equal(errorOf('[top]\ndb = "a\u0001b.db"\n').message, 'jamjet.toml:2:8: TOML syntax error: control characters are not allowed in strings');
    assert.match(errorOf('[top]\ndb = "a\u007fb.db\n').message, /TOML syntax error: control characters are not allowed in strings$/);
  });

  test('points at the bad element of a url array, and at a lone url string', () => {
    const inArray = errorOf('[top]\nurl = [\n  "ws://a/v1/events",\n  "ftp://b",\n]\n');
    assert.match(inArray.message, /^jamjet\.toml:4:3: \[top\] url\[1\]: expected a ws:\/\/, .*got "ftp:\/\/b"$/);
    const alone = errorOf('[top]\nurl = "nowhere"\n');
    assert.match(alone.message, /^jamjet\.toml:2:7: \[top\] url: expected .*got "nowhere"$/);
  });

  test('accepts a url as one string or several, in any of the source forms', () => {
    const { toml } = parseConfigText('[top]\nurl = ["wss://a/v1/events", "https://b:7700", "replay.jsonl", "-"]\nrules = "one.yml"\n', 'x');
    assert.deepEqual(toml.top?.url, ['wss://a/v1/events', 'https://b:7700', 'replay.jsonl', '-']);
    assert.deepEqual(toml.top?.rules, ['one.yml']);
  });

  test('rejects a refresh outside 50ms-10s and bad retention values', () => {
    assert.match(errorOf('[top]\nrefresh = "10ms"\n').message, /refresh: expected a duration from 50ms to 10s such as "250ms", got "10ms"$/);
    assert.match(errorOf('[top]\nrefresh = "11s"\n').message, /got "11s"$/);
    assert.match(errorOf('[top]\nretention = { max_age = "week" }\n').message, /^jamjet\.toml:2:25: \[top\.retention\] max_age: expected a duration/);
    assert.match(errorOf('[top.retention]\nmax_size = 512\n').message, /max_size: expected a size such as "512MB".*got 512$/);
  });

  test('rejects a section written as a value instead of a table', () => {
    assert.equal(errorOf('top = 5\n').message, 'jamjet.toml:1:7: top: expected a table, got 5');
  });

  test('rejects an OTLP endpoint that is not an http(s) URL', () => {
    assert.match(errorOf('[telemetry.otlp]\nendpoint = "localhost:4317"\n').message, /endpoint: expected an http:\/\/ or https:\/\/ URL \(port 4317 for OTLP gRPC, 4318 for OTLP HTTP\)/);
  });

  test('lists every problem, in file order, first one in the error fields', () => {
    const error = errorOf('[logging]\nformat = "xml"\nlevel = 3\n[telemetry]\nenabled = "yes"\n');
    const lines = error.message.split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^jamjet\.toml:2:10: \[logging\] format/);
    assert.match(lines[1] ?? '', /^jamjet\.toml:3:9: \[logging\] level/);
    assert.match(lines[2] ?? '', /^jamjet\.toml:5:11: \[telemetry\] enabled: expected true or false, got "yes"$/);
    assert.equal(error.line, 2);
  });

  test(`lists at most ${MAX_REPORTED_PROBLEMS} problems and counts the rest`, () => {
    const entries = Array.from({ length: MAX_REPORTED_PROBLEMS + 3 }, (_, k) => `[pricing.m${k}]\ninput_per_mtok = "x"\noutput_per_mtok = 1\n`);
    const lines = errorOf(entries.join('')).message.split('\n');
    assert.equal(lines.length, MAX_REPORTED_PROBLEMS + 1);
    assert.equal(lines.at(-1), '(and 3 more problems)');
  });

  test('ignores a byte order mark', () => {
    assert.deepEqual(parseConfigText('\uFEFF[logging]\nlevel = "debug"\n', 'x').toml.logging, { level: 'debug' });
  });
});
