import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

/** The uid and gid of `nobody` on Debian, used to test permission refusals when the tests run as root. */
const NOBODY = 65534;

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Runs `fn` as a user that permission bits apply to. Root ignores them (CI runs as root), so there the
 * effective uid and gid switch to `nobody` for the call and back afterwards: the real uid stays root, which
 * is what allows switching back. Good for real opens; `access(2)` checks the real uid, so code that asks
 * `accessSync` needs {@link inUnprivilegedProcess}. `dirs` are made traversable and writable for that user first.
 */
export function asUnprivileged<T>(dirs: readonly string[], fn: () => T): T {
  if (!isRoot() || !process.seteuid || !process.setegid) return fn();
  for (const dir of dirs) chmodSync(dir, 0o777);
  process.setegid(NOBODY);
  process.seteuid(NOBODY);
  try {
    return fn();
  } finally {
    process.seteuid(0);
    process.setegid(0);
  }
}

/**
 * Runs `script` (an ES module body; `argv` holds `args`) in a child Node process as `nobody` when the tests
 * run as root, else as this user, and returns what it printed on stdout. A failure of the child fails the test.
 */
export function inUnprivilegedProcess(dirs: readonly string[], script: string, args: readonly string[]): string {
  if (isRoot()) for (const dir of dirs) chmodSync(dir, 0o777);
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...args], {
    encoding: 'utf8',
    ...(isRoot() ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  if (run.status !== 0) throw new Error(`unprivileged child failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}
