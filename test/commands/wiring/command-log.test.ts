import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLog, unbuiltFeatureWarnings } from '../../../source/commands/wiring/command-log.js';
import { loadConfig } from '../../../source/core/config/load-config.js';

function sink(): { out: NodeJS.WritableStream; text: () => string } {
  let text = '';
  return { out: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

describe('commandLog', () => {
  test('drops lines below the level and prefixes the others', () => {
    const s = sink();
    const log = commandLog('jamjet serve', 'warn', s.out);
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    assert.equal(s.text(), 'jamjet serve: warn: w\njamjet serve: error: e\n');
  });

  test('escapes control characters from the wire: one line, no terminal escape sequences', () => {
    const s = sink();
    commandLog('jamjet serve', 'info', s.out).warn('server error: \u001b]0;TITLE\u0007 \u001b[2J\nnext');
    assert.equal(s.text().split('\n').length, 2, 'one line and its newline');
    assert.ok(!s.text().includes('\u001b'), 'no raw ESC');
    assert.match(s.text(), /\\x1b\[2J/);
  });
});

describe('unbuiltFeatureWarnings', () => {
  test('names each configured feature that has no effect yet, and nothing when none is configured', () => {
    const plain = loadConfig({ flags: {}, env: {}, cwd: '/nonexistent' }).config;
    assert.deepEqual(unbuiltFeatureWarnings(plain), []);
    const asked = loadConfig({ flags: { rules: ['a.yml'] }, env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:pw@127.0.0.1:4318' }, cwd: '/nonexistent' }).config;
    assert.deepEqual(unbuiltFeatureWarnings(asked), [], 'rule files are loaded and OTLP export is built: neither is warned about');
  });
});
