import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../source/core/config/config-error.js';
import { loadConfig, loadConfigParser } from '../../../source/core/config/load-config.js';

const CWD = '/nowhere/project';
const SECRET = 's3cr3t-t0ken';

function load(toml: string | undefined, env: Record<string, string> = {}) {
  return loadConfig({ flags: {}, env, cwd: CWD, readFile: (p) => (p === `${CWD}/jamjet.toml` ? toml : undefined) }).config;
}

function errorOf(toml: string | undefined, env: Record<string, string> = {}): ConfigError {
  try {
    load(toml, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected a ConfigError');
}

before(() => loadConfigParser());

describe('telemetry settings', () => {
  test('reads every [telemetry] and [telemetry.otlp] key', () => {
    const config = load(
      [
        '[telemetry]',
        'enabled = false',
        'service_name = "agent"',
        'service_version = "1.2.3"',
        '[telemetry.otlp]',
        'endpoint = "https://collector.example:4318/base/"',
        'protocol = "http/json"',
        `headers = { authorization = "Bearer ${SECRET}", x-tenant = "t1" }`,
        'timeout = "2500ms"',
        'compression = "gzip"',
      ].join('\n'),
    );
    assert.deepEqual(config.telemetry, { enabled: false, explicit: true, serviceName: 'agent', serviceVersion: '1.2.3', resourceAttributes: {} });
    assert.deepEqual(config.otlp, {
      endpoint: 'https://collector.example:4318/base/',
      tracesUrl: 'https://collector.example:4318/base/v1/traces',
      protocol: 'http/json',
      headers: { authorization: `Bearer ${SECRET}`, 'x-tenant': 't1' },
      timeoutMs: 2500,
      compression: 'gzip',
    });
  });

  test('an endpoint on 4317 is gRPC and used as given; 4318 is HTTP/protobuf under /v1/traces', () => {
    const grpc = load('[telemetry.otlp]\nendpoint = "http://localhost:4317"\n').otlp;
    assert.equal(grpc.protocol, 'grpc');
    assert.equal(grpc.tracesUrl, 'http://localhost:4317');
    const http = load('[telemetry.otlp]\nendpoint = "http://localhost:4318"\n').otlp;
    assert.equal(http.protocol, 'http/protobuf');
    assert.equal(http.tracesUrl, 'http://localhost:4318/v1/traces');
    assert.equal(load('[telemetry.otlp]\nendpoint = "http://h:4318/v1/traces"\n').otlp.tracesUrl, 'http://h:4318/v1/traces');
  });

  test('the traces endpoint variable wins over the generic one and over the file, and is used as given', () => {
    const file = '[telemetry.otlp]\nendpoint = "http://file:4318"\n';
    assert.equal(load(file, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' }).otlp.tracesUrl, 'http://env:4318/v1/traces');
    const both = load(file, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://sig:9999/custom' }).otlp;
    assert.equal(both.endpoint, 'http://sig:9999/custom');
    assert.equal(both.tracesUrl, 'http://sig:9999/custom');
  });

  test('OTEL_EXPORTER_OTLP_PROTOCOL wins over the file and over the port', () => {
    const file = '[telemetry.otlp]\nendpoint = "http://h:4317"\nprotocol = "grpc"\n';
    const otlp = load(file, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }).otlp;
    assert.equal(otlp.protocol, 'http/protobuf');
    assert.equal(otlp.tracesUrl, 'http://h:4317/v1/traces');
  });

  test('OTEL_EXPORTER_OTLP_HEADERS adds to the file headers, winning per name, values percent-decoded', () => {
    const config = load('[telemetry.otlp]\nheaders = { a = "file", b = "file" }\n', { OTEL_EXPORTER_OTLP_HEADERS: 'b=env%20value, c=3' });
    assert.deepEqual(config.otlp.headers, { a: 'file', b: 'env value', c: '3' });
  });

  test('service name: OTEL_SERVICE_NAME > service.name in OTEL_RESOURCE_ATTRIBUTES > file > default', () => {
    const file = '[telemetry]\nservice_name = "file"\nservice_version = "1"\n';
    assert.equal(load(undefined).telemetry.serviceName, 'jamjet-top');
    assert.equal(load(file).telemetry.serviceName, 'file');
    const attrs = { OTEL_RESOURCE_ATTRIBUTES: 'service.name=res,service.version=9,deployment.environment=prod' };
    assert.deepEqual(load(file, attrs).telemetry, {
      enabled: true, explicit: false, serviceName: 'res', serviceVersion: '9', resourceAttributes: { 'deployment.environment': 'prod' },
    });
    assert.equal(load(file, { ...attrs, OTEL_SERVICE_NAME: 'named' }).telemetry.serviceName, 'named');
  });

  test('OTEL_SDK_DISABLED wins over [telemetry] enabled either way, and both count as explicit', () => {
    assert.equal(load('[telemetry]\nenabled = true\n', { OTEL_SDK_DISABLED: 'true' }).telemetry.enabled, false);
    assert.deepEqual(
      [load('[telemetry]\nenabled = false\n', { OTEL_SDK_DISABLED: 'FALSE' }).telemetry.enabled, load(undefined, { OTEL_SDK_DISABLED: 'false' }).telemetry.explicit],
      [true, true],
    );
  });

  describe('bad values', () => {
    const cases: [string, RegExp][] = [
      ['[telemetry.otlp]\nprotocol = "thrift"\n', /^jamjet\.toml:2:12: \[telemetry\.otlp\] protocol: expected one of "grpc", "http\/protobuf", "http\/json", got "thrift"$/],
      ['[telemetry.otlp]\ntimeout = "2h"\n', /^jamjet\.toml:2:11: \[telemetry\.otlp\] timeout: expected a duration from 1ms to 60s/],
      ['[telemetry.otlp]\ntimeout = 10\n', /^jamjet\.toml:2:11: .*timeout: expected a duration/],
      ['[telemetry.otlp]\ncompression = "zstd"\n', /^jamjet\.toml:2:15: \[telemetry\.otlp\] compression: expected one of "gzip", "none"/],
      ['[telemetry]\nenabled = "yes"\n', /^jamjet\.toml:2:11: \[telemetry\] enabled: expected true or false, got "yes"$/],
      ['[telemetry]\nservice_name = ""\n', /^jamjet\.toml:2:16: \[telemetry\] service_name: expected a non-empty string/],
    ];
    for (const [toml, message] of cases) {
      test(`exit 2 with file:line:col for ${JSON.stringify(toml.split('\n')[1])}`, () => {
        const error = errorOf(toml);
        assert.equal(error.exitCode, 2);
        assert.match(error.message, message);
      });
    }

    test('a bad header value is located but never shown', () => {
      const error = errorOf(`[telemetry.otlp]\nheaders = { authorization = ${JSON.stringify(`Bearer ${SECRET}\n`)} }\n`);
      assert.match(error.message, /^jamjet\.toml:2:\d+: \[telemetry\.otlp\.headers\] authorization: expected a header value \(text without control characters\)$/);
      assert.ok(!error.message.includes(SECRET));
      const notTable = errorOf(`[telemetry.otlp]\nheaders = "authorization=${SECRET}"\n`);
      assert.match(notTable.message, /^jamjet\.toml:2:11: \[telemetry\.otlp\] headers: expected a table of name = "value"$/);
      assert.ok(!notTable.message.includes(SECRET));
    });

    const envCases: [Record<string, string>, RegExp][] = [
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4317' }, /^OTEL_EXPORTER_OTLP_ENDPOINT: expected an http:\/\/ or https:\/\/ URL, got "localhost:4317"$/],
      [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://x' }, /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: expected an http/],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc/json' }, /^OTEL_EXPORTER_OTLP_PROTOCOL: expected one of "grpc", "http\/protobuf", "http\/json", got "grpc\/json"$/],
      [{ OTEL_SDK_DISABLED: 'yes' }, /^OTEL_SDK_DISABLED: expected "true" or "false", got "yes"$/],
      [{ OTEL_RESOURCE_ATTRIBUTES: 'novalue' }, /^OTEL_RESOURCE_ATTRIBUTES: expected key=value pairs/],
    ];
    for (const [env, message] of envCases) {
      test(`exit 2 naming the variable for ${Object.keys(env)[0]!}=${Object.values(env)[0]!}`, () => {
        const error = errorOf(undefined, env);
        assert.equal(error.exitCode, 2);
        assert.match(error.message, message);
      });
    }

    test('a malformed OTEL_EXPORTER_OTLP_HEADERS is named but its text never shown', () => {
      for (const value of [`authorization Bearer ${SECRET}`, `authorization=${SECRET}%ZZ`, `bad name=${SECRET}`]) {
        const error = errorOf(undefined, { OTEL_EXPORTER_OTLP_HEADERS: value });
        assert.match(error.message, /^OTEL_EXPORTER_OTLP_HEADERS: expected name=value pairs/);
        assert.ok(!error.message.includes(SECRET));
      }
    });

    test('credentials in a bad endpoint variable are not repeated', () => {
      const error = errorOf(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: `ftp://user:${SECRET}@h` });
      assert.ok(!error.message.includes(SECRET));
    });
  });
});
