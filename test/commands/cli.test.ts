import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, type CommandName } from '../../source/commands/command-specs.js';
import { cleanEnv, runCli } from '../helpers/cmd-run.js';
import { tempDir } from '../helpers/cmd-io.js';

const ZERO_ID = `exec_${'0'.repeat(32)}`;
const PACKAGE = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

let tmp: { dir: string; remove: () => void };
before(() => (tmp = tempDir('jamjet-cli-')));
after(() => tmp.remove());

const cli = (...args: string[]) => runCli(args, { cwd: tmp.dir });

describe('jamjet --help and --version', () => {
  test('the root help lists every command and exits 0', async () => {
    const r = await cli('--help');
    assert.equal(r.code, 0, r.stderr);
    for (const name of Object.keys(COMMANDS)) assert.match(r.stdout, new RegExp(`^\\s+${name}\\s`, 'm'), `${name} missing from jamjet --help`);
  });

  for (const [name, spec] of Object.entries(COMMANDS) as [CommandName, (typeof COMMANDS)[CommandName]][]) {
    test(`${name} --help exits 0 and documents every flag the command accepts`, async () => {
      const r = await cli(name, '--help');
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes(spec.usage), `usage line missing from ${name} --help`);
      for (const [flag, def] of Object.entries(spec.flags)) {
        // A boolean may be documented by its negation (--no-metrics), as that is how users turn it off.
        const prefix = def.type === 'boolean' ? '--(?:no-)?' : '--';
        assert.match(r.stdout, new RegExp(`${prefix}${kebab(flag)}(?![\\w-])`), `${name} --help does not document --${kebab(flag)}`);
      }
    });
  }

  test('--version prints the package version', async () => {
    const r = await cli('--version');
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), PACKAGE.version);
  });
});

describe('jamjet usage errors (exit 2)', () => {
  test('an unknown flag is exit 2 with one jamjet: line on stderr naming it and the help to read', async () => {
    const r = await cli('inspect', '--bogus');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'jamjet: unknown flag --bogus (see jamjet inspect --help)\n');
    assert.equal(r.stdout, '');
  });

  test('a mistyped flag suggests the nearest flag of that command, negations included', async () => {
    const url = await cli('inspect', '--urll', 'ws://127.0.0.1:1/v1/events');
    assert.equal(url.code, 2);
    assert.equal(url.stderr, 'jamjet: unknown flag --urll, did you mean --url? (see jamjet inspect --help)\n');
    const negated = await cli('top', '--no-metric');
    assert.equal(negated.code, 2);
    assert.equal(negated.stderr, 'jamjet: unknown flag --no-metric, did you mean --no-metrics? (see jamjet top --help)\n');
  });

  test('an unknown flag message never repeats the value given with it', async () => {
    const r = await cli('inspect', '--tokn=hunter2pw');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^jamjet: unknown flag --tokn, did you mean --token\?/);
    assert.ok(!r.stderr.includes('hunter2pw'), r.stderr);
  });

  test('short flags and negative numbers are not taken for unknown flags', async () => {
    const help = await cli('inspect', '-h');
    assert.equal(help.code, 0, help.stderr);
    assert.ok(help.stdout.includes(COMMANDS.inspect.usage));
    const negative = await cli('sim', '--port', '-1');
    assert.equal(negative.code, 2);
    assert.match(negative.stderr, /--port expects a number from 0 to 65535/);
  });

  test('an unknown command is exit 2 with one jamjet: line, suggesting the nearest command when close', async () => {
    const far = await cli('frobnicate');
    assert.equal(far.code, 2);
    assert.equal(far.stderr, 'jamjet: unknown command frobnicate (see jamjet --help)\n');
    assert.equal(far.stdout, '');
    const near = await cli('insepct', ZERO_ID);
    assert.equal(near.code, 2);
    assert.equal(near.stderr, 'jamjet: unknown command insepct, did you mean inspect? (see jamjet --help)\n');
  });

  test('top --metrics-port abc is exit 2 naming --metrics-port', async () => {
    const r = await cli('top', '--metrics-port', 'abc');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--metrics-port expects a number/);
  });

  test('sim --port 99999 is exit 2 naming --port', async () => {
    const r = await cli('sim', '--port', '99999');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port expects a number from 0 to 65535/);
  });

  test('follow without an id is exit 2', async () => {
    const r = await cli('follow');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing <execution-id>/);
  });

  test('follow with something that is not an execution id is exit 2', async () => {
    const r = await cli('follow', 'exec_nothex');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"exec_nothex" is not an execution id/);
  });

  test('--config naming a missing file is exit 2 naming the file', async () => {
    const r = await cli('inspect', ZERO_ID, '--config', 'missing.toml', '--db', join(tmp.dir, 'none.db'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing\.toml/);
  });

  test('jamjet with flags but no command runs top: a bad --url is exit 2 about --url', async () => {
    const r = await cli('--url', 'x.txt');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^jamjet: --url: .*"x\.txt"/m);
    assert.equal(existsSync(join(tmp.dir, '.jamjet')), false, 'nothing was opened before the flags were checked');
  });
});

describe('jamjet inspect from the command line', () => {
  test('an id the store does not have is exit 1 with "no execution", and the missing store is not created', async () => {
    const db = join(tmp.dir, 'missing.db');
    const r = await cli('inspect', ZERO_ID, '--db', db);
    assert.equal(r.code, 1);
    assert.match(r.stderr + r.stdout, /no execution/);
    assert.equal(existsSync(db), false);
  });

  test('an unknown key in jamjet.toml is a warning with its line, and the command still runs', async (t) => {
    const dir = tempDir('jamjet-cli-config-');
    t.after(dir.remove);
    writeFileSync(join(dir.dir, 'jamjet.toml'), '[top]\nrefresh = "500ms"\ncolour = true\n');
    const r = await runCli(['inspect', ZERO_ID, '--db', join(dir.dir, 'none.db')], { cwd: dir.dir });
    assert.match(r.stderr, /warning: jamjet\.toml:3: unknown key \[top\] colour/);
    assert.equal(r.code, 1);
    assert.match(r.stderr + r.stdout, /no execution/, 'the command ran past the warning');
  });

  test('a token from JAMJET_TOKEN or --token never appears in the output', async () => {
    const env = cleanEnv({ JAMJET_TOKEN: 'secret123' });
    const fromEnv = await runCli(['inspect', '--url', 'http://127.0.0.1:1', '--db', join(tmp.dir, 'none.db'), ZERO_ID], { cwd: tmp.dir, env });
    const fromFlag = await cli('inspect', '--url', 'http://127.0.0.1:1', '--token', 'secret456', '--db', join(tmp.dir, 'none.db'), ZERO_ID);
    for (const [r, token] of [[fromEnv, 'secret123'], [fromFlag, 'secret456']] as const) {
      assert.notEqual(r.code, 0);
      assert.ok(r.stderr.length > 0, 'the failure is explained');
      assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), `token leaked: ${r.stderr}`);
    }
  });

  test('a password inside a --url is not printed when the runtime cannot be reached', async () => {
    const r = await cli('inspect', '--url', 'http://user:hunter2pw@127.0.0.1:1', '--db', join(tmp.dir, 'none.db'), ZERO_ID);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /127\.0\.0\.1:1/);
    assert.ok(!r.stdout.includes('hunter2pw') && !r.stderr.includes('hunter2pw'), `password leaked: ${r.stderr}`);
  });
});
