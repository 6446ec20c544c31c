import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ConfigError } from '../../../source/core/config/config-error.js';
import { CONFIG_DEFAULTS, loadConfig, loadConfigParser, type ConfigFlags, type LoadConfigInput } from '../../../source/core/config/load-config.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/config/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const CWD = '/nowhere/project';

/** A loader over an in-memory file system: path → text. */
function load(flags: ConfigFlags, env: Record<string, string> = {}, files: Record<string, string> = {}) {
  return loadConfig({ flags, env, cwd: CWD, readFile: (p) => files[p] });
}

function errorOf(input: LoadConfigInput): ConfigError {
  try {
    loadConfig(input);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected a ConfigError');
}

const pick = (c: { dbOrigin: string; dbFallback?: string | undefined }) => ({ dbOrigin: c.dbOrigin, dbFallback: c.dbFallback });

const withPrecedenceFile = (flags: ConfigFlags, env: Record<string, string> = {}) =>
  loadConfig({ flags: { config: 'precedence.toml', ...flags }, env, cwd: FIXTURES }).config;

// Commands load the TOML parser only when a file is to be read; these tests read files throughout.
before(() => loadConfigParser());

describe('loadConfig', () => {
  test('loads the example jamjet.toml with no warnings and every section read', () => {
    const { config, warnings } = loadConfig({ flags: {}, env: {}, cwd: EXAMPLES });
    assert.deepEqual(warnings, []);
    assert.equal(config.configPath, join(EXAMPLES, 'jamjet.toml'));
    assert.equal(config.telemetry.serviceName, 'my-agent');
    assert.equal(config.otlp.endpoint, 'http://localhost:4317');
    assert.equal(config.logging.format, 'json');
    assert.deepEqual(config.retention, { maxAgeMs: 7 * 24 * 3_600_000, maxSizeBytes: 2e9 });
    assert.ok(Object.keys(config.pricing).length >= 1);
  });

  test('runs on defaults when there is no ./jamjet.toml and nothing is set', () => {
    const { config, warnings } = load({});
    assert.deepEqual(warnings, []);
    assert.deepEqual(config, {
      urls: [],
      db: CONFIG_DEFAULTS.db,
      dbOrigin: 'default',
      retention: { maxAgeMs: undefined, maxSizeBytes: undefined },
      rules: [],
      alerting: { alertmanagers: [], externalLabels: {} },
      refreshMs: 250,
      metrics: { enabled: true, host: '127.0.0.1', port: 9090 },
      otlp: { protocol: 'http/protobuf', headers: {}, timeoutMs: 10_000, compression: 'none' },
      telemetry: { enabled: true, explicit: false, serviceName: 'jamjet-top', resourceAttributes: {} },
      logging: { level: 'info', format: 'text', file: undefined },
      color: true,
      pricing: {},
      configPath: undefined,
    });
    assert.ok(!('token' in config));
  });

  test('reads ./jamjet.toml from the working directory when no --config is given', () => {
    const { config } = load({}, {}, { [`${CWD}/jamjet.toml`]: '[logging]\nlevel = "debug"\n' });
    assert.equal(config.logging.level, 'debug');
    assert.equal(config.configPath, `${CWD}/jamjet.toml`);
  });

  test('stops with an error naming the file when --config points at a missing file', () => {
    const error = errorOf({ flags: { config: 'missing.toml' }, env: {}, cwd: FIXTURES });
    assert.equal(error.message, 'missing.toml: config file not found (given with --config)');
    assert.equal(error.key, '--config');
    assert.equal(error.file, 'missing.toml');
  });

  test('reports file errors under the name given to --config', () => {
    const error = errorOf({ flags: { config: 'wrong-type.toml' }, env: {}, cwd: FIXTURES });
    assert.match(error.message, /^wrong-type\.toml:7:8: /);
  });

  test('returns unknown-key warnings from the file read', () => {
    const { warnings } = loadConfig({ flags: { config: 'unknown-key.toml' }, env: {}, cwd: FIXTURES });
    assert.deepEqual(warnings.map((w) => w.key), ['top.colour', 'grafana']);
  });

  describe('precedence: flag > environment > file > default', () => {
    test('url', () => {
      assert.deepEqual(withPrecedenceFile({ url: ['ws://flag/v1/events'] }, { JAMJET_URL: 'ws://env/v1/events' }).urls, ['ws://flag/v1/events']);
      assert.deepEqual(withPrecedenceFile({}, { JAMJET_URL: 'ws://env/v1/events' }).urls, ['ws://env/v1/events']);
      assert.deepEqual(withPrecedenceFile({}).urls, ['ws://file.example/v1/events']);
      assert.deepEqual(load({}).config.urls, []);
    });

    test('token', () => {
      assert.equal(load({ token: 'flag-token' }, { JAMJET_TOKEN: 'env-token' }).config.token, 'flag-token');
      assert.equal(load({}, { JAMJET_TOKEN: 'env-token' }).config.token, 'env-token');
      assert.equal(load({}, { JAMJET_TOKEN: '' }).config.token, undefined);
    });

    test('db', () => {
      assert.equal(withPrecedenceFile({ db: ':memory:' }).db, ':memory:');
      assert.equal(withPrecedenceFile({}).db, join(FIXTURES, 'file.db'));
      assert.equal(load({}).config.db, '.jamjet/top.db');
    });

    test('db origin, and the state-directory fallback that only the default location gets', () => {
      const home = { HOME: '/home/ada' };
      assert.deepEqual(pick(load({}, home).config), { dbOrigin: 'default', dbFallback: '/home/ada/.local/state/jamjet-top/top.db' });
      assert.deepEqual(pick(load({}, { ...home, XDG_STATE_HOME: '/var/state' }).config), { dbOrigin: 'default', dbFallback: '/var/state/jamjet-top/top.db' });
      // The XDG spec: a relative path in XDG_STATE_HOME is invalid and ignored.
      assert.deepEqual(pick(load({}, { ...home, XDG_STATE_HOME: 'state' }).config), { dbOrigin: 'default', dbFallback: '/home/ada/.local/state/jamjet-top/top.db' });
      assert.deepEqual(pick(load({}).config), { dbOrigin: 'default', dbFallback: undefined }, 'no home: no fallback (memory)');
      assert.deepEqual(pick(load({ db: 'x.db' }, home).config), { dbOrigin: 'flag', dbFallback: undefined });
      assert.deepEqual(pick(withPrecedenceFile({}, home)), { dbOrigin: 'file', dbFallback: undefined });
    });

    test('metrics port: flag, then [top] metrics_port, then [telemetry.prometheus] port, then 9090', () => {
      assert.equal(withPrecedenceFile({ metricsPort: 9300 }).metrics.port, 9300);
      assert.equal(withPrecedenceFile({}).metrics.port, 9200);
      const both = { [`${CWD}/jamjet.toml`]: '[telemetry.prometheus]\nport = 9200\n[top]\nmetrics_port = 9201\n' };
      assert.equal(load({}, {}, both).config.metrics.port, 9201);
      assert.equal(load({}).config.metrics.port, 9090);
    });

    test('log level', () => {
      assert.equal(withPrecedenceFile({ logLevel: 'error' }).logging.level, 'error');
      assert.equal(withPrecedenceFile({}).logging.level, 'warn');
      assert.equal(load({}).config.logging.level, 'info');
    });

    test('OTLP endpoint', () => {
      assert.equal(withPrecedenceFile({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4317' }).otlp.endpoint, 'http://env:4317');
      assert.equal(withPrecedenceFile({}).otlp.endpoint, 'http://collector.file:4318');
    });

    test('rules', () => {
      assert.deepEqual(withPrecedenceFile({ rules: ['mine.yml'] }).rules, ['mine.yml']);
      assert.deepEqual(withPrecedenceFile({}).rules, [join(FIXTURES, 'rules/file.yml')]);
    });
  });

  test('splits JAMJET_URL on commas and spaces', () => {
    const { config } = load({}, { JAMJET_URL: ' ws://a/v1/events, ws://b/v1/events  http://c:7700,,replay.jsonl ' });
    assert.deepEqual(config.urls, ['ws://a/v1/events', 'ws://b/v1/events', 'http://c:7700', 'replay.jsonl']);
  });

  test('rejects a bad --url naming the flag, without repeating credentials', () => {
    const error = errorOf({ flags: { url: ['ws://ok/v1/events', 'ftp://user:pw@host/x'] }, env: {}, cwd: CWD, readFile: () => undefined });
    assert.equal(error.key, '--url');
    assert.match(error.message, /^--url: expected a ws:\/\/, .* got "ftp:\/\/\*\*\*@host\/x"$/);
    assert.ok(!error.message.includes('pw'));
  });

  test('rejects a bad JAMJET_URL naming the variable', () => {
    assert.throws(() => load({}, { JAMJET_URL: 'localhost:7700' }), (e: unknown) => e instanceof ConfigError && e.key === 'JAMJET_URL');
  });

  test('--demo ignores JAMJET_URL and the file, and refuses to be mixed with --url', () => {
    assert.deepEqual(withPrecedenceFile({ demo: true }, { JAMJET_URL: 'ws://env/v1/events' }).urls, []);
    assert.throws(() => load({ demo: true, url: ['ws://a/v1/events'] }), (e: unknown) => e instanceof ConfigError && e.key === '--demo');
  });

  test('rejects a --log-level outside the allowed values, naming them', () => {
    assert.throws(() => load({ logLevel: 'verbose' }), {
      message: '--log-level: expected one of "debug", "info", "warn", "error", got "verbose"',
    });
  });

  test('rejects a --metrics-port that is not a port, and accepts 0 for any free port', () => {
    assert.throws(() => load({ metricsPort: Number.NaN }), (e: unknown) => e instanceof ConfigError && e.key === '--metrics-port');
    assert.throws(() => load({ metricsPort: 70_000 }), ConfigError);
    assert.equal(load({ metricsPort: 0 }).config.metrics.port, 0);
  });

  test('turns metrics off with --no-metrics or [telemetry.prometheus] enabled = false, unless a metrics flag asks for them', () => {
    const off = { [`${CWD}/jamjet.toml`]: '[telemetry.prometheus]\nenabled = false\n' };
    assert.equal(load({ noMetrics: true }).config.metrics.enabled, false);
    assert.equal(load({}, {}, off).config.metrics.enabled, false);
    assert.equal(load({ metricsPort: 9100 }, {}, off).config.metrics.enabled, true);
    assert.equal(load({ metricsPort: 9100, noMetrics: true }, {}, off).config.metrics.enabled, false);
  });

  test('turns colour off when NO_COLOR is set to anything non-empty', () => {
    assert.equal(load({}, { NO_COLOR: '1' }).config.color, false);
    assert.equal(load({}, { NO_COLOR: 'false' }).config.color, false);
    assert.equal(load({}, { NO_COLOR: '' }).config.color, true);
    assert.equal(load({}).config.color, true);
  });

  test('never shows the token in an error message', () => {
    const token = 's3cr3t-t0ken';
    const fromFlag = errorOf({ flags: { token, url: [token] }, env: {}, cwd: CWD, readFile: () => undefined });
    assert.ok(!fromFlag.message.includes(token), fromFlag.message);
    const files: Record<string, string> = { [`${CWD}/jamjet.toml`]: `[logging]\nlevel = "${token}"\n` };
    const fromFile = errorOf({ flags: {}, env: { JAMJET_TOKEN: token }, cwd: CWD, readFile: (p) => files[p] });
    assert.match(fromFile.message, /^jamjet\.toml:2:9: \[logging\] level: .*got "\*\*\*"$/);
  });

  test('reads the OTel service name from OTEL_SERVICE_NAME before the file', () => {
    assert.equal(loadConfig({ flags: {}, env: { OTEL_SERVICE_NAME: 'svc' }, cwd: EXAMPLES }).config.telemetry.serviceName, 'svc');
  });

  test('rejects an OTEL_EXPORTER_OTLP_ENDPOINT that is not an http(s) URL', () => {
    assert.throws(() => load({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' }), (e: unknown) => e instanceof ConfigError && e.key === 'OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  test('resolves .jsonl paths and log_file from the file relative to the file, leaving URLs and :memory: alone', () => {
    const files: Record<string, string> = { '/etc/jamjet/top.toml': '[top]\nurl = ["runs/a.jsonl", "/abs/b.jsonl", "-", "ws://h/v1/events"]\ndb = ":memory:"\nlog_file = "top.log"\n' };
    const { config } = loadConfig({ flags: { config: '/etc/jamjet/top.toml' }, env: {}, cwd: CWD, readFile: (p) => files[p] });
    assert.deepEqual(config.urls, ['/etc/jamjet/runs/a.jsonl', '/abs/b.jsonl', '-', 'ws://h/v1/events']);
    assert.equal(config.db, ':memory:');
    assert.equal(config.logging.file, '/etc/jamjet/top.log');
  });

  test('reads refresh and retention from [top]', () => {
    const files = { [`${CWD}/jamjet.toml`]: '[top]\nrefresh = "1s"\nretention = { max_age = "12h", max_size = "512MB" }\n' };
    const { config } = load({}, {}, files);
    assert.equal(config.refreshMs, 1000);
    assert.deepEqual(config.retention, { maxAgeMs: 43_200_000, maxSizeBytes: 512_000_000 });
  });
});

describe('loadConfig: the token', () => {
  test('a trailing newline (a token read from a secrets file) is trimmed', () => {
    const { config } = loadConfig({ flags: {}, env: { JAMJET_TOKEN: 'jj_abc123\n' }, cwd: '/nonexistent' });
    assert.equal(config.token, 'jj_abc123');
  });

  test('a control character inside the token is exit 2 naming where it came from, never echoing it', () => {
    for (const [flags, env, key] of [
      [{ token: 'jj_SECRET\nmore' }, {}, '--token'],
      [{}, { JAMJET_TOKEN: 'jj_SECRET\tmore' }, 'JAMJET_TOKEN'],
    ] as const) {
      assert.throws(() => loadConfig({ flags, env, cwd: '/nonexistent' }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.exitCode, 2);
        assert.ok(error.message.startsWith(`${key}: `), error.message);
        assert.ok(!error.message.includes('SECRET'), 'the token is not echoed');
        return true;
      });
    }
  });
});

describe('loadConfig: alerting', () => {
  const file = (text: string): Record<string, string> => ({ [`${CWD}/jamjet.toml`]: text });

  test('[top] alertmanager, budget, external labels and URL are read; --alertmanager-url replaces the file\'s list', () => {
    const toml = file('[top]\nalertmanager = ["http://am-1:9093", "http://am-2:9093"]\nbudget_usd_per_hour = 2.5\nexternal_url = "http://top.example:9090"\nexternal_labels = { env = "prod" }\n');
    const fromFile = load({}, {}, toml).config.alerting;
    assert.deepEqual(fromFile, { alertmanagers: ['http://am-1:9093', 'http://am-2:9093'], externalLabels: { env: 'prod' }, externalUrl: 'http://top.example:9090', budgetUsdPerHour: 2.5 });
    assert.deepEqual(load({ alertmanagerUrl: ['http://am-3:9093'] }, {}, toml).config.alerting.alertmanagers, ['http://am-3:9093']);
    assert.deepEqual(load({}).config.alerting, { alertmanagers: [], externalLabels: {} });
  });

  test('a bad Alertmanager URL, budget or external label is exit 2 naming the key, with credentials hidden', () => {
    const flag = errorOf({ flags: { alertmanagerUrl: ['ftp://user:secret@am:21'] }, env: {}, cwd: CWD, readFile: () => undefined });
    assert.match(flag.message, /--alertmanager-url/);
    assert.ok(!flag.message.includes('secret'));
    for (const [text, key] of [
      ['[top]\nbudget_usd_per_hour = -1\n', /budget_usd_per_hour/],
      ['[top]\nalertmanager = "am:9093"\n', /alertmanager/],
      ['[top]\nexternal_labels = { "__x" = "y" }\n', /external_labels/],
    ] as const) {
      const error = errorOf({ flags: {}, env: {}, cwd: CWD, readFile: (p) => file(text)[p] });
      assert.match(error.message, key, text);
    }
  });

  // Found by the fuzz tests (config-fuzz.test.ts): the error had neither line nor column.
  test('an external label with a bad name is placed at its key, line and column, like every other bad value', () => {
    const text = '[top]\nexternal_labels = { env = "prod", "1bad" = "x" }\n';
    const error = errorOf({ flags: {}, env: {}, cwd: CWD, readFile: (p) => file(text)[p] });
    assert.deepEqual([error.line, error.column], [2, 35]);
    assert.equal(error.message, 'jamjet.toml:2:35: [top.external_labels] 1bad: expected a label name (letters, digits and _, not starting with a digit or __), got "1bad"');
  });
});
