// Each kind of bad rule file stops `rules check`, `serve` and `top` alike: exit 2, the file, line and column.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cmd-io.js';
import { runCli } from '../helpers/cmd-run.js';

const rule = (body: string) => `groups:\n  - name: g\n    rules:\n      - alert: A\n${body}`;
const BAD: Record<string, { text: string; where: RegExp }> = {
  'yaml.yml': { text: 'groups:\n  - name: g\n    rules: [\n', where: /yaml\.yml:\d+:\d+: / },
  'function.yml': { text: rule('        expr: nope(jamjet_queue_depth) > 1\n'), where: /function\.yml:5:15: .*nope/ },
  'duration.yml': { text: rule('        expr: jamjet_queue_depth > 1\n        for: 5 minutes\n'), where: /duration\.yml:6:14: .*5 minutes/ },
  'template.yml': { text: rule('        expr: jamjet_queue_depth > 1\n        annotations:\n          summary: "{{ $value | nosuchfn }}"\n'), where: /template\.yml:7:\d+: .*nosuchfn/ },
  'duplicate.yml': { text: 'groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n', where: /duplicate\.yml:4:\d+: .*"g".*repeated/ },
};

describe('a bad rule file is exit 2 with file:line:col', () => {
  let dir = '';
  let remove = () => undefined as void;
  before(() => {
    ({ dir, remove } = tempDir());
    for (const [name, { text }] of Object.entries(BAD)) writeFileSync(join(dir, name), text);
  });
  after(() => remove());

  for (const [name, { where }] of Object.entries(BAD)) {
    test(name, async () => {
      const check = await runCli(['rules', 'check', name], { cwd: dir });
      assert.equal(check.code, 2, `rules check: ${check.stderr}`);
      assert.match(check.stderr, where);
      for (const command of ['serve', 'top']) {
        const r = await runCli([command, '--rules', name, '--db', ':memory:', '--no-metrics'], { cwd: dir });
        assert.equal(r.code, 2, `${command}: ${r.stderr}`);
        assert.match(r.stderr, where, command);
        assert.match(r.stderr, /the rule files do not load/, command);
      }
    });
  }
});
