// Every `jamjet …` line in the README's shell examples names a real command and only flags that command
// accepts (checked against the one flag table the CLI parses with), and `npx jamjet` runs from the clone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../source/commands/command-specs.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');

/** The `jamjet …` invocations inside ```sh blocks, comments and trailing `&` removed. */
function exampleLines(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').replace(/&\s*$/, '').trim();
      const at = line.search(/(^|[|;&]\s*|npx\s+)jamjet\b/);
      if (at >= 0) out.push(line.slice(line.indexOf('jamjet', at)).split('|')[0]!.trim());
    }
  }
  return out;
}

const camel = (kebab: string): string => kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('README examples', () => {
  const lines = exampleLines(README);

  test('there are examples to check', () => {
    assert.ok(lines.length >= 8, lines.join('\n'));
  });

  test('each names a real command and only flags that command accepts', () => {
    for (const line of lines) {
      const words = line.split(/\s+/).slice(1);
      const first = words[0];
      const command = first === undefined || first.startsWith('-') ? 'top' : first;
      assert.ok(command in COMMANDS, `unknown command in README: ${line}`);
      const flags = (COMMANDS as Record<string, { flags: Record<string, unknown> }>)[command]!.flags;
      for (const word of words.filter((w) => w.startsWith('--'))) {
        const name = camel(word.slice(2).split('=')[0]!.replace(/^no-/, ''));
        assert.ok(name === 'help' || name === 'version' || name in flags, `${word} is not a flag of jamjet ${command}: ${line}`);
      }
    }
  });

  test('npx jamjet runs the built CLI from the clone', () => {
    const run = spawnSync('npm', ['exec', '--offline', '--', 'jamjet', '--version'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, run.stderr);
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    assert.equal(run.stdout.trim(), pkg.version);
  });
});
