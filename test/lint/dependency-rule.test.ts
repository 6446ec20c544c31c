import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// The dependency rule of docs/architecture.md as eslint.config.js enforces it, checked on code linted as if it
// were in a given file (lintText with filePath: the files themselves are not read or changed).
describe('eslint.config.js: the dependency rule', () => {
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  /** The no-restricted-imports messages for `code` placed at `file`. */
  async function restricted(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }
  const importOf = (spec: string): string => `import x from '${spec}';\nexport const y = x;\n`;

  const VENDOR_FILES = {
    'source/core/metrics/prom-registry.ts': 'prom-client',
    'source/core/store/sqlite-db.ts': 'better-sqlite3',
    'source/core/telemetry/otel-exporter.ts': '@opentelemetry/sdk-trace-base',
    'source/core/telemetry/pino-logger.ts': 'pino',
  };

  test('the view imports from the core only source/core/snapshot/', async () => {
    for (const spec of ['../../core/model/types.js', '../../core/metrics/window-stats.js', '../../core/sources/event-source.js', '../../core/clock.js']) {
      const messages = await restricted('source/view/panes/status-bar.tsx', importOf(spec));
      assert.equal(messages.length, 1, `${spec}: ${messages.join('; ')}`);
      assert.match(messages[0]!, /only source\/core\/snapshot/);
    }
    for (const spec of ['../../core/snapshot/snapshot.js', '../../core/snapshot/snapshot-store.js']) {
      assert.deepEqual(await restricted('source/view/panes/status-bar.tsx', importOf(spec)), [], spec);
    }
  });

  for (const [file, own] of Object.entries(VENDOR_FILES)) {
    test(`${file} is core: importing ink, react or the view is an error there too`, async () => {
      for (const spec of ['ink', 'react', '../../view/app.js']) {
        const messages = await restricted(file, importOf(spec));
        assert.equal(messages.length, 1, `${spec}: ${messages.join('; ')}`);
        assert.match(messages[0]!, /headless|never imports the view/);
      }
    });

    test(`${file} may import ${own}, and no other vendor`, async () => {
      assert.deepEqual(await restricted(file, importOf(own)), []);
      for (const other of Object.values(VENDOR_FILES).filter((v) => v !== own)) {
        assert.equal((await restricted(file, importOf(other))).length, 1, `${other} from ${file}`);
      }
    });
  }

  test('any other core file may import no vendor and no view; commands may import ink but no vendor', async () => {
    for (const spec of ['ink', 'prom-client', 'better-sqlite3', '@opentelemetry/api', 'pino', '../view/app.js']) {
      assert.equal((await restricted('source/core/sources/rest-cursor.ts', importOf(spec))).length, 1, spec);
    }
    assert.deepEqual(await restricted('source/commands/top.tsx', importOf('ink')), []);
    assert.equal((await restricted('source/commands/top.tsx', importOf('prom-client'))).length, 1);
  });

  test('the view does no I/O: no node:fs, ws, sources, store or server', async () => {
    for (const spec of ['node:fs', 'ws', '../../core/sources/event-source.js', '../../core/store/sqlite-db.js', 'better-sqlite3']) {
      assert.equal((await restricted('source/view/panes/metrics-pane.tsx', importOf(spec))).length, 1, spec);
    }
  });
});
