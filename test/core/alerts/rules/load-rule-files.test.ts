import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExpr } from '../../../../source/core/alerts/configured-rules.js';
import { loadRuleFiles } from '../../../../source/core/alerts/rules/load-rule-files.js';

const group = (name: string): string => `groups:\n  - name: ${name}\n    rules:\n      - record: r_${name}\n        expr: up\n`;

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'b.yml'), group('b'));
  writeFileSync(join(dir, 'rules', 'a.yml'), group('a'));
  writeFileSync(join(dir, 'rules', 'bad.yaml'), 'groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: "up +"\n');
  writeFileSync(join(dir, 'one.yml'), group('one'));
  return dir;
}

test('loads paths and globs in order, each file once, sorted within a glob', async () => {
  const dir = tree();
  const { groups, errors, files } = await loadRuleFiles(['one.yml', 'rules/*.yml', 'rules/a.yml'], dir, checkExpr);
  assert.deepEqual(errors, []);
  assert.deepEqual(files, ['one.yml', 'rules/a.yml', 'rules/b.yml']);
  assert.deepEqual(groups.map((g) => `${g.file}:${g.name}`), ['one.yml:one', 'rules/a.yml:a', 'rules/b.yml:b']);
});

test('globs reach outside cwd and absolute patterns stay absolute', async () => {
  const dir = tree();
  const fromSub = await loadRuleFiles(['../rules/a.y*ml'], join(dir, 'rules'), checkExpr);
  assert.deepEqual(fromSub.files, ['a.yml']);
  const absolute = await loadRuleFiles([`${dir}/rules/[ab].yml`], '/', checkExpr);
  assert.deepEqual(absolute.files, [join(dir, 'rules', 'a.yml'), join(dir, 'rules', 'b.yml')]);
});

test('a file with errors reports them with its name; the other files still load', async () => {
  const dir = tree();
  const { groups, errors } = await loadRuleFiles(['rules/*'], dir, checkExpr);
  assert.deepEqual(groups.map((g) => g.name), ['a', 'b']);
  assert.deepEqual(errors.map((e) => `${e.file}:${e.line}:${e.column}`), ['rules/bad.yaml:5:20']);
});

test('a pattern matching nothing and a missing file are errors naming them', async () => {
  const dir = tree();
  const { errors, files } = await loadRuleFiles(['nope/*.yml', 'missing.yml', 'one.yml'], dir, checkExpr);
  assert.deepEqual(files, ['one.yml']);
  assert.deepEqual(errors, [
    { file: 'nope/*.yml', line: 0, column: 0, message: 'no rule file matches this pattern' },
    { file: 'missing.yml', line: 0, column: 0, message: 'no such file' },
  ]);
});

test('an unreadable file (here a directory) is an error, not a crash', async () => {
  const dir = tree();
  const { errors, files } = await loadRuleFiles(['rules'], dir, checkExpr);
  assert.deepEqual(files, []);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /^cannot read: .*EISDIR/);
});
