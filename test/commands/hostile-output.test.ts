// Real processes fed a replay whose node ids, workflow id, model, model output and errors carry escape
// sequences, C1 controls and bidi overrides (plus one invalid line carrying them): `top` piped, `follow`
// piped, serve's JSON and text logs, and `inspect` (text and --json) never print one of them raw. JSON
// stays valid and parses back to exactly what came off the wire.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cmd-io.js';
import { cleanEnv } from '../helpers/cmd-run.js';
import { E2E_SUITE_MS, killAll, runCli, spawnCli } from '../helpers/e2e-process.js';
import { HOSTILE, HOSTILE_EXECUTION_ID, HOSTILE_FIELDS, assertTerminalSafe, writeHostileJsonl } from '../helpers/hostile-strings.js';

describe('hostile wire strings never reach a terminal raw', { timeout: E2E_SUITE_MS }, () => {
  const tmp = tempDir('jamjet-hostile-cli-');
  let replay: string;
  const db = join(tmp.dir, 'store.db');
  const env = cleanEnv();

  before(() => {
    replay = writeHostileJsonl(tmp.dir);
    // One line that is not an envelope: its excerpt is shown too (follow's stderr, the logs).
    appendFileSync(replay, `${JSON.stringify({ id: HOSTILE, execution_id: HOSTILE, kind: { type: HOSTILE } })}\n`);
  });
  after(async () => {
    await killAll();
    tmp.remove();
  });

  test('top piped: the batch block shows the workflow id and error escaped', async () => {
    const p = await runCli(['top', '--url', replay, '--db', ':memory:', '--no-metrics'], undefined, { env });
    assert.match(p.stdout, /wf\\x1b\[2J/, p.describe());
    assertTerminalSafe(p.stdout, 'top stdout');
    assertTerminalSafe(p.stderr, 'top stderr');
  });

  test('follow piped: every event line, the rejection and the final tree escaped; exit 1 (failed)', async () => {
    const p = await runCli(['follow', HOSTILE_EXECUTION_ID, '--url', replay], undefined, { env });
    assert.equal(p.exit.code, 1, p.describe());
    for (const shown of ['workflow_started: wf\\x1b[2J', 'node_failed fetch\\x1b[2J', 'tool said\\x1b[2J', 'model.call gpt\\x1b[2J', 'error: gave up\\x1b[2J']) {
      assert.ok(p.stdout.includes(shown), `${shown} in ${p.describe()}`);
    }
    assert.match(p.stderr, /rejected/, p.describe());
    assertTerminalSafe(p.stdout, 'follow stdout');
    assertTerminalSafe(p.stderr, 'follow stderr');
  });

  for (const format of ['json', 'text'] as const) {
    test(`serve with [logging] format = "${format}": no log line carries a raw control, C1 or bidi code point`, async () => {
      const config = join(tmp.dir, `${format}.toml`);
      writeFileSync(config, `[logging]\nlevel = "debug"\nformat = "${format}"\n`);
      const p = spawnCli(['serve', '--url', replay, '--db', format === 'json' ? db : ':memory:', '--no-metrics', '--config', config], { env });
      await p.waitForOutput('stdout', /workflow_failed/);
      assert.deepEqual(await p.stop('SIGTERM'), { code: 0, signal: null }, p.describe());
      assertTerminalSafe(p.stdout, `serve ${format} stdout`);
      assertTerminalSafe(p.stderr, `serve ${format} stderr`);
      if (format === 'json') {
        const lines = p.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        const failed = lines.find((l) => l.event === 'node_failed');
        assert.equal(failed?.node_id, HOSTILE_FIELDS.toolNode, 'escaped, not altered: the node id parses back as sent');
        assert.equal(failed?.workflow_id, HOSTILE_FIELDS.workflowId);
        assert.equal(lines.find((l) => l.event === 'node_completed')?.model, HOSTILE_FIELDS.model);
      } else {
        assert.match(p.stdout, /node_id="?fetch\\x1b\[2J/, p.describe());
      }
    });
  }

  test('inspect: the report, --events, --state and the list escape every wire string', async () => {
    for (const args of [[HOSTILE_EXECUTION_ID], [HOSTILE_EXECUTION_ID, '--events'], [HOSTILE_EXECUTION_ID, '--state'], []]) {
      const p = await runCli(['inspect', ...args, '--db', db], undefined, { env });
      assert.equal(p.exit.code, 0, p.describe());
      assert.match(p.stdout, /\\(x1b|u001b)\[2J/, `something hostile is shown, escaped: ${p.describe()}`);
      assertTerminalSafe(p.stdout, `inspect ${args.join(' ')} stdout`);
      assertTerminalSafe(p.stderr, `inspect ${args.join(' ')} stderr`);
    }
  });

  test('inspect --json: valid JSON with C1 and bidi escaped as \\u, parsing back to the strings sent', async () => {
    const one = await runCli(['inspect', HOSTILE_EXECUTION_ID, '--json', '--events', '--state', '--db', db], undefined, { env });
    assert.equal(one.exit.code, 0, one.describe());
    assertTerminalSafe(one.stdout, 'inspect --json stdout');
    assert.ok(one.stdout.includes('\\u009b2J') && one.stdout.includes('\\u202e'), 'C1 and bidi escaped as \\u');
    const doc = JSON.stringify(JSON.parse(one.stdout));
    for (const value of Object.values(HOSTILE_FIELDS)) assert.ok(doc.includes(JSON.stringify(value).slice(1, -1)), `${JSON.stringify(value)} survives the round trip`);
    const list = await runCli(['inspect', '--json', '--db', db], undefined, { env });
    assertTerminalSafe(list.stdout, 'inspect list --json stdout');
    const rows = (JSON.parse(list.stdout) as { executions: Array<{ workflow_id?: string }> }).executions;
    assert.equal(rows[0]?.workflow_id, HOSTILE_FIELDS.workflowId);
  });
});
