import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unbuiltFeatureWarnings } from '../../../source/commands/wiring/command-log.js';
import { loadConfig, loadConfigParser } from '../../../source/core/config/load-config.js';

describe('unbuiltFeatureWarnings', () => {
  before(loadConfigParser);

  test('names each configured feature that has no effect yet, and nothing when none is configured', () => {
    const plain = loadConfig({ flags: {}, env: {}, cwd: '/nonexistent' }).config;
    assert.deepEqual(unbuiltFeatureWarnings(plain), []);
    const asked = loadConfig({ flags: { rules: ['a.yml'] }, env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:pw@127.0.0.1:4318' }, cwd: '/nonexistent' }).config;
    const warnings = unbuiltFeatureWarnings(asked);
    assert.equal(warnings.length, 1, 'rule files are loaded now, not warned about');
    assert.match(warnings.join('\n'), /OTLP export is not built yet/);
    assert.ok(!warnings.join('\n').includes('pw@'), 'credentials in the endpoint are not shown');
  });

  test('says nothing of JSON logs or [top] log_file: both work now', () => {
    const files: Record<string, string> = { '/p/jamjet.toml': '[logging]\nformat = "json"\n[top]\nlog_file = "top.log"\n' };
    const { config } = loadConfig({ flags: {}, env: {}, cwd: '/p', readFile: (path) => files[path] });
    assert.equal(config.logging.format, 'json');
    assert.deepEqual(unbuiltFeatureWarnings(config), []);
  });
});
