// A real Alertmanager (Debian's prometheus-alertmanager) for end-to-end tests: on 127.0.0.1 at a free
// port, with its own data dir and config, no cluster gossip. It is a test dependency (npm test installs
// it: scripts/ensure-test-tools.mjs): when it is missing the test fails, it does not skip.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_WAIT_MS, freePort, spawnProcess, waitFor } from './e2e-process.js';

/** The binary Debian's package installs. */
const ALERTMANAGER_BINARY = 'prometheus-alertmanager';

/**
 * Every alert goes to a receiver with no integrations; grouping waits are short so a test sees alerts
 * processed at once (the API lists an alert as soon as it is received; the waits only affect dispatch).
 */
const CONFIG = [
  'route:',
  "  receiver: 'null'",
  '  group_wait: 0s',
  '  group_interval: 1s',
  '  repeat_interval: 1h',
  'receivers:',
  "  - name: 'null'",
  '',
].join('\n');

/** A running Alertmanager. */
export interface RunningAlertmanager {
  /** Base URL, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** GET /api/v2/alerts: the alerts it holds that have not resolved. */
  alerts(): Promise<unknown[]>;
  /** Stops it and removes its data dir. */
  stop(): Promise<void>;
}

function requireBinary(name: string): void {
  const probe = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    assert.fail(`${name} is not installed (needed by the Alertmanager end-to-end tests): run node scripts/ensure-test-tools.mjs (it installs prometheus-alertmanager or prints the command)`);
  }
}

/** Starts one and waits until /-/ready answers. */
export async function startAlertmanager(): Promise<RunningAlertmanager> {
  requireBinary(ALERTMANAGER_BINARY);
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-alertmanager-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawnProcess(ALERTMANAGER_BINARY, [
    `--config.file=${config}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // Empty: no cluster listener, so no gossip port and no peers.
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
  const stop = async (): Promise<void> => {
    try {
      await proc.stop('SIGTERM');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const state = await waitFor(() => `alertmanager to be ready: ${proc.describe()}`, E2E_WAIT_MS, async () => {
      if (proc.exit) return 'exited';
      return (await fetch(`${url}/-/ready`)).ok ? 'ready' : undefined;
    });
    if (state === 'exited') assert.fail(`alertmanager exited before it was ready: ${proc.describe()}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts`);
      if (!res.ok) throw new Error(`GET /api/v2/alerts: HTTP ${res.status}: ${await res.text()}`);
      return (await res.json()) as unknown[];
    },
    stop,
  };
}
