import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runRules } from '../../source/commands/rules.js';
import { recordingIo, tempDir } from '../helpers/cmd-io.js';
import { runCli } from '../helpers/cmd-run.js';

const DOCS = resolve('test/fixtures/rules/jamjet-docs-alerts.yml');
const BAD = 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[5m]) >\n        for: 2 minutes\n';

test('rules check prints promtool\'s SUCCESS for the docs\' alerts.yml and exits 0', async () => {
  const r = recordingIo(process.cwd());
  assert.equal(await runRules({ input: ['check', DOCS], flags: {} }, r.io), 0);
  assert.equal(r.stdout(), `Checking ${DOCS}\n  SUCCESS: 2 rules found\n\n`);
  assert.equal(r.stderr(), '');
});

test('rules check lists every error as file:line:col and exits 2', async () => {
  const { dir, remove } = tempDir();
  try {
    writeFileSync(join(dir, 'bad.yml'), BAD);
    const r = recordingIo(dir);
    assert.equal(await runRules({ input: ['check', 'bad.yml', DOCS], flags: {} }, r.io), 2);
    assert.equal(r.stdout(), `Checking bad.yml\nChecking ${DOCS}\n  SUCCESS: 2 rules found\n\n`);
    assert.equal(r.stderr(), '  FAILED:\nbad.yml:5:28: could not parse expression: unexpected end of input\nbad.yml:6:14: for: not a valid duration string: "2 minutes"\n\n');
  } finally {
    remove();
  }
});

test('rules check with no file, or a file that is not there, exits 2', async () => {
  const none = recordingIo(process.cwd());
  assert.equal(await runRules({ input: ['check'], flags: {} }, none.io), 2);
  assert.match(none.stderr(), /name at least one rule file/);
  const missing = recordingIo(process.cwd());
  assert.equal(await runRules({ input: ['check', 'no-such.yml'], flags: {} }, missing.io), 2);
  assert.match(missing.stderr(), /^ {2}FAILED:\nno-such\.yml: no such file\n/);
});

test('an unknown subcommand is a usage error', async () => {
  const r = recordingIo(process.cwd());
  assert.equal(await runRules({ input: ['lst'], flags: {} }, r.io), 2);
  assert.equal(r.stderr(), 'jamjet rules: expected check or list, got "lst" (see jamjet rules --help)\n');
});

test('rules list prints the groups and rules of --rules files, as text and JSON', async () => {
  const text = recordingIo(process.cwd());
  assert.equal(await runRules({ input: ['list'], flags: { rules: [DOCS] } }, text.io), 0);
  assert.equal(
    text.stdout(),
    `jamjet  (${DOCS}, default interval)\n` +
      '  alert  HighExecutionErrorRate  rate(jamjet_executions_total{status="failed"}[5m]) / rate(jamjet_executions_total[5m]) > 0.05  for 2m\n' +
      '  alert  ExecutionQueueBacklog   jamjet_queue_depth > 100  for 5m\n',
  );
  const json = recordingIo(process.cwd());
  assert.equal(await runRules({ input: ['list'], flags: { rules: [DOCS], json: true } }, json.io), 0);
  const doc = JSON.parse(json.stdout()) as { groups: { name: string; interval: null; rules: { kind: string; name: string; for: string; annotations: Record<string, string> }[] }[] };
  assert.equal(doc.groups[0]!.name, 'jamjet');
  assert.equal(doc.groups[0]!.interval, null);
  assert.deepEqual(doc.groups[0]!.rules.map((r) => [r.kind, r.name, r.for]), [['alert', 'HighExecutionErrorRate', '2m'], ['alert', 'ExecutionQueueBacklog', '5m']]);
  assert.equal(doc.groups[0]!.rules[1]!.annotations.summary, 'JamJet execution queue is backing up');
});

test('rules list reads [top] rules from jamjet.toml, and a bad file there exits 2 with its position', async () => {
  const { dir, remove } = tempDir();
  try {
    writeFileSync(join(dir, 'bad.yml'), BAD);
    writeFileSync(join(dir, 'jamjet.toml'), '[top]\nrules = ["bad.yml"]\n');
    const r = recordingIo(dir);
    assert.equal(await runRules({ input: ['list'], flags: {} }, r.io), 2);
    assert.match(r.stderr(), /bad\.yml:5:28: could not parse expression/);
  } finally {
    remove();
  }
});

test('rules list --from prints each rule\'s live state and health from /api/v1/rules', async () => {
  const body = {
    status: 'success',
    data: {
      groups: [
        {
          name: 'jamjet',
          file: 'alerts.yml',
          rules: [
            { type: 'alerting', name: 'HighExecutionErrorRate', state: 'firing', health: 'ok' },
            { type: 'recording', name: 'job:rate5m', health: 'err', lastError: 'boom' },
          ],
        },
      ],
    },
  };
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/api/v1/rules' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/api/v1/rules' ? body : { status: 'error', error: 'not found' }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const r = recordingIo(process.cwd());
    assert.equal(await runRules({ input: ['list'], flags: { from: `${url}/` } }, r.io), 0);
    assert.equal(r.stdout(), 'jamjet  (alerts.yml)\n  alert  HighExecutionErrorRate  firing  ok\n  record job:rate5m  err  boom\n');
    const bad = recordingIo(process.cwd());
    assert.equal(await runRules({ input: ['list'], flags: { from: `${url}/nope` } }, bad.io), 1);
    assert.match(bad.stderr(), /cannot read .*\/nope\/api\/v1\/rules: HTTP 404: not found/);
  } finally {
    server.close();
  }
});

test('the CLI dispatches jamjet rules, with its help and exit codes', async () => {
  const ok = await runCli(['rules', 'check', DOCS], { cwd: process.cwd() });
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /SUCCESS: 2 rules found/);
  const help = await runCli(['rules', '--help'], { cwd: process.cwd() });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /jamjet rules check <file>…/);
  const usage = await runCli(['rules', 'check', '--nope'], { cwd: process.cwd() });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown flag --nope/);
});
