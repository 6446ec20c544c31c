// Property-based fuzzing of the CLI's usage check: any argv gets through it without an exception, as nothing or
// as one sanitised line; an unknown flag is always named (its value never shown), and the CLI exits 2 on it.
// FUZZ_RUNS=n runs n times as many cases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COMMANDS } from '../../source/commands/command-specs.js';
import { usageError } from '../../source/commands/usage-error.js';
import { cleanEnv, runCli } from '../helpers/cmd-run.js';
import { tempDir } from '../helpers/cmd-io.js';
import { hostileArgv, unknownFlag } from '../helpers/hostile-config.js';
import { fuzzParams } from '../helpers/fuzz-runs.js';

/** One line, no control characters (a flag name off the command line is sanitised before it is printed). */
function assertOneSafeLine(message: string): void {
  assert.match(message, /^jamjet: /);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(message, /[\u0000-\u001f\u007f-\u009f]/, JSON.stringify(message));
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Arguments `command` accepts: its own flags (a value attached with =), positional words, help. */
function validArgs(command: keyof typeof COMMANDS): string[] {
  const own = Object.entries(COMMANDS[command].flags).map(([name, spec]) => (spec.type === 'boolean' ? `--${kebab(name)}` : `--${kebab(name)}=1`));
  return [...own, 'exec_39201bc020354816b34546bc0da7d0fb', 'check', 'x', '-h'];
}

/** argv with an unknown flag after a command and arguments it accepts, before any `--`. */
const withUnknownFlag = fc.constantFrom(...(Object.keys(COMMANDS) as (keyof typeof COMMANDS)[])).chain((command) => fc.tuple(
  fc.constant(command),
  fc.array(fc.constantFrom(...validArgs(command)), { maxLength: 3 }),
  unknownFlag,
  fc.array(fc.constantFrom('--json', 'x', '--', '--url', 'ws://h'), { maxLength: 3 }),
)).map(([command, before, flag, after]) => ({ argv: [command, ...before, flag, ...after], flag }));

describe('the usage check under any argv', () => {
  test('returns nothing or one sanitised line, never throws', () => {
    fc.assert(fc.property(hostileArgv, (argv) => {
      const message = usageError(argv);
      if (message !== undefined) assertOneSafeLine(message);
    }), fuzzParams(3000));
  });

  test('names an unknown flag (never its value), wherever it stands before --', () => {
    fc.assert(fc.property(withUnknownFlag, ({ argv, flag }) => {
      const message = usageError(argv);
      assert.ok(message !== undefined, `accepted ${JSON.stringify(argv)}`);
      assertOneSafeLine(message);
      const name = flag.split('=')[0]!;
      assert.ok(message.includes(`unknown flag ${name}`), message);
      assert.ok(!message.includes('=value'), message);
    }), fuzzParams(1000));
  });

  test('the CLI exits 2 with that line for unknown flags and commands', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const samples = fc.sample(withUnknownFlag, { numRuns: 4, seed: 7 }).map((s) => s.argv);
    for (const argv of [...samples, ['tpo'], ['--verbose']]) {
      const r = await runCli(argv, { cwd: tmp.dir, env: cleanEnv() });
      assert.equal(r.code, 2, `${JSON.stringify(argv)}: ${r.stderr}`);
      const shown = argv[0]!.startsWith('-') ? ['top', ...argv] : argv;
      assert.equal(r.stderr, `${usageError(shown)}\n`, JSON.stringify(argv));
    }
  });
});
