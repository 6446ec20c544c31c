import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

// Compiled to <dist>/test/helpers/, so three levels up is the repository root.
const FRAMES_DIR = fileURLToPath(new URL('../../../test/fixtures/frames/', import.meta.url));

/** Trailing spaces are layout padding; golden files are compared without them. */
const normalise = (frame: string): string => frame.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd() + '\n';

/**
 * Compares a rendered frame with test/fixtures/frames/<name>.txt. A missing or different file fails the
 * test unless UPDATE_FRAMES=1, which (re)writes it: goldens change only on purpose.
 */
export function assertGoldenFrame(name: string, frame: string | undefined): void {
  assert.ok(frame !== undefined, 'nothing was rendered');
  const file = `${FRAMES_DIR}${name}.txt`;
  const actual = normalise(frame);
  if (process.env['UPDATE_FRAMES'] === '1') {
    mkdirSync(FRAMES_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `golden frame ${name}.txt is missing; run with UPDATE_FRAMES=1 to create it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `frame differs from ${name}.txt (UPDATE_FRAMES=1 regenerates)`);
}

/** Lets React commit effects and state updates after input (ink-testing-library renders asynchronously). */
export function settle(ms = 25): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls until `check` holds or `timeoutMs` passes (then returns, and the test's own assertion fails
 * with its message). Rendering is asynchronous and a loaded machine is slow; a fixed sleep flakes.
 */
export async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs && !check(); waited += 5) await settle(5);
}

/** Key sequences as a terminal sends them. */
export const KEYS = {
  down: '\u001b[B',
  up: '\u001b[A',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  ctrlC: '\u0003',
} as const;
