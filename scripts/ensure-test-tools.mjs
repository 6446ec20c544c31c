#!/usr/bin/env node
/**
 * Makes sure the system tools the test suite drives for real are on PATH before `npm test` runs:
 * tmux (the dashboard in a real terminal), prometheus and promtool (a real scraper and rule checker),
 * prometheus-alertmanager (a real receiver of the alerts the rules fire).
 * Missing ones are installed with Debian's package manager when this process may (root, or sudo
 * without a password, as on a fresh CI machine); otherwise it stops at once with the exact command to
 * run. It never lets the suite skip those tests: they are the proof the product works with the real things.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Each binary the tests run, and the Debian package that brings it. */
const TEST_TOOLS = [
  { binary: 'tmux', pkg: 'tmux', why: 'the dashboard end-to-end tests' },
  { binary: 'prometheus', pkg: 'prometheus', why: 'the scrape end-to-end tests' },
  { binary: 'promtool', pkg: 'prometheus', why: 'checking the exposition and rules' },
  { binary: 'prometheus-alertmanager', pkg: 'prometheus-alertmanager', why: 'the alert delivery end-to-end tests' },
];

const say = (line) => process.stderr.write(`ensure-test-tools: ${line}\n`);

function onPath(binary) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** How this process may run apt-get: directly as root, through password-less sudo, or not at all. */
function privilege() {
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

function run(prefix, args) {
  const [cmd, ...rest] = [...prefix, ...args];
  say(`$ ${[cmd, ...rest].join(' ')}`);
  const result = spawnSync(cmd, rest, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

const missing = TEST_TOOLS.filter((t) => !onPath(t.binary));
if (missing.length === 0) process.exit(0);

const packages = [...new Set(missing.map((t) => t.pkg))];
const command = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
for (const t of missing) say(`${t.binary} is missing (needed by ${t.why})`);

const prefix = privilege();
if (!onPath('apt-get') || prefix === undefined) {
  const how = onPath('apt-get') ? command : `install ${packages.join(', ')} with your system's package manager (Debian/Ubuntu: ${command})`;
  say(`cannot install them from here; run this, then npm test again:\n  ${how}`);
  process.exit(1);
}

// A package's post-install must not try to start its service (there is no init on a CI machine):
// policy-rc.d answering 101 tells invoke-rc.d to leave it alone. Removed again afterwards if we made it.
const POLICY = '/usr/sbin/policy-rc.d';
const madePolicy = prefix.length === 0 && !existsSync(POLICY);
if (madePolicy) writeFileSync(POLICY, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
try {
  say(`installing ${packages.join(' ')} (Debian packages) …`);
  const ok = run(prefix, ['apt-get', 'update', '-q']) && run(prefix, ['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages]);
  if (!ok) {
    say(`the install failed; run it by hand, then npm test again:\n  ${command}`);
    process.exit(1);
  }
} finally {
  if (madePolicy) rmSync(POLICY, { force: true });
}
const still = TEST_TOOLS.filter((t) => !onPath(t.binary));
if (still.length > 0) {
  say(`still not on PATH after the install: ${still.map((t) => t.binary).join(', ')}`);
  process.exit(1);
}
say(`installed ${packages.join(' ')}`);
