// The dashboard of a monitor given a token and a source URL with credentials, whose runtime refuses the
// connection: the sources pane and status bar say what is wrong, and no frame shows a secret.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { cleanup, render } from 'ink-testing-library';
import { systemClock } from '../../source/core/clock.js';
import { loadConfig } from '../../source/core/config/load-config.js';
import { createMonitor, type Monitor } from '../../source/core/monitor/monitor.js';
import { App } from '../../source/view/app.js';
import { E2E_WAIT_MS, freePort, waitFor } from '../helpers/e2e-process.js';

const SECRETS = ['tok-SECRET-flag-1', 'pw-SECRET-url-2', 'q-SECRET-query-3'];

describe('the dashboard never shows a secret', () => {
  let monitor: Monitor;
  before(async () => {
    const closed = await freePort();
    const url = `http://admin:${SECRETS[1]}@127.0.0.1:${closed}/api?token=${SECRETS[2]}`;
    const { config } = loadConfig({ flags: { url: [url], token: SECRETS[0], noMetrics: true, db: ':memory:' }, env: {}, cwd: '/' });
    monitor = await createMonitor({ config: { ...config, refreshMs: 20 }, clock: systemClock(), stdin: new PassThrough(), sinks: () => [] });
    monitor.start();
  });
  after(async () => {
    cleanup();
    await monitor.stop();
  });

  test('the refused source is shown by its URL without credentials, at every width', async () => {
    for (const size of [{ rows: 30, columns: 100 }, { rows: 40, columns: 250 }]) {
      const app = render(<App store={monitor.publisher} size={size} color={false} />);
      const frame = (): string => app.lastFrame() ?? '';
      const shown = size.columns > 200 ? /reconnecting +http:\/\/127\.0\.0\.1:\d+\/api\?token=\*\*\* .*connection refused/ : /reconnecting +http:\/\/127\.0\.0\.1:\d+\/api\?token=\*\*\* /;
      await waitFor(() => `the refused source on screen:\n${frame()}`, E2E_WAIT_MS, () => (shown.test(frame()) ? true : undefined));
      for (const secret of SECRETS) assert.ok(!frame().includes(secret), `a secret on screen at ${size.columns} columns`);
      assert.doesNotMatch(frame(), /SECRET|admin/);
      app.unmount();
    }
  });
});
