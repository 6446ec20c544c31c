// Property-based fuzzing of the rule loader: any YAML (rule files good and bad, cut and spliced, noise) gives rule
// groups or errors placed at a line and column of the file, never an exception; `jamjet rules check` turns the
// errors into file:line:col lines and exit 2. FUZZ_RUNS=n runs n times as many cases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkExpr } from '../../../../source/core/alerts/configured-rules.js';
import { loadRuleFileText } from '../../../../source/core/alerts/rules/rule-file.js';
import { runRules } from '../../../../source/commands/rules.js';
import { recordingIo, tempDir } from '../../../helpers/cmd-io.js';
import { hostileRuleYaml } from '../../../helpers/hostile-config.js';
import { fuzzParams } from '../../../helpers/fuzz-runs.js';

const FILE = 'rules.yml';

/** Line and column inside the text (1-based; one past the end of a line or of the file is where YAML reports an end). */
function assertInside(text: string, line: number, column: number, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  assert.ok(line >= 1 && line <= lines.length + 1, `${what}: line ${line} of ${lines.length}`);
  assert.ok(column >= 1 && column <= (lines[line - 1]?.length ?? 0) + 1, `${what}: column ${column} of line ${line} (${lines[line - 1]?.length ?? 0} chars)`);
}

describe('the rule loader under any YAML', () => {
  test('gives groups or errors placed inside the file, never throws, and the same again for the same text', () => {
    fc.assert(fc.property(hostileRuleYaml, (text) => {
      const { groups, errors } = loadRuleFileText(FILE, text, checkExpr);
      for (const e of errors) {
        assert.equal(e.file, FILE);
        assert.ok(typeof e.message === 'string' && e.message.length > 0);
        assertInside(text, e.line, e.column, e.message);
      }
      for (const g of groups) {
        assertInside(text, g.position.line, g.position.column, `group ${g.name}`);
        for (const r of g.rules) {
          assertInside(text, r.position.line, r.position.column, `rule ${r.name}`);
          assert.equal(checkExpr(r.expr), undefined, `a loaded rule's expression is valid: ${r.expr}`);
        }
      }
      // Group names are unique in a file that loads cleanly (Prometheus refuses duplicates).
      if (errors.length === 0) assert.equal(new Set(groups.map((g) => g.name)).size, groups.length);
      assert.deepEqual(loadRuleFileText(FILE, text, checkExpr), { groups, errors });
    }), fuzzParams(600));
  });

  test('jamjet rules check prints each error as file:line:col and exits 2, or passes with exit 0', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    writeFileSync(join(tmp.dir, 'jamjet.toml'), '');
    await fc.assert(fc.asyncProperty(hostileRuleYaml, async (text) => {
      writeFileSync(join(tmp.dir, FILE), text);
      const { io, stdout, stderr } = recordingIo(tmp.dir);
      const code = await runRules({ input: ['check', FILE], flags: {} }, io);
      const { errors } = loadRuleFileText(FILE, text, checkExpr);
      assert.equal(code, errors.length > 0 ? 2 : 0, stdout() + stderr());
      // How many errors a parser's stack overflow yields depends on the stack left (the CLI's is not the test's): not counted.
      const printed = (stdout() + stderr()).split('\n').filter((l) => l.startsWith(`${FILE}:`));
      assert.equal(printed.length > 0, errors.length > 0, stdout() + stderr());
      for (const line of printed) assert.match(line, /^rules\.yml:\d+:\d+: \S/);
    }), fuzzParams(100));
  });
});
