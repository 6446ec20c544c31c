// The dashboard fed by the real monitor (decode → model → detail journal → snapshot) from a replay whose node
// ids, workflow id, model, model output and errors carry escape sequences, C1 controls and bidi overrides:
// every frame of the executions list and of each detail tab shows them escaped, never raw.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { cleanup, render } from 'ink-testing-library';
import { systemClock } from '../../source/core/clock.js';
import { loadConfig } from '../../source/core/config/load-config.js';
import { createDetailSources } from '../../source/core/detail/detail-sources.js';
import { createMonitor, type Monitor } from '../../source/core/monitor/monitor.js';
import { App } from '../../source/view/app.js';
import { tempDir } from '../helpers/cmd-io.js';
import { HOSTILE_EXECUTION_ID, HOSTILE_STRINGS, assertTerminalSafe, findUnsafe, writeHostileJsonl } from '../helpers/hostile-strings.js';
import { E2E_WAIT_MS as WAIT_MS, waitFor } from '../helpers/e2e-process.js';
import { KEYS } from '../helpers/view-golden.js';

const SIZES = [{ rows: 30, columns: 100 }, { rows: 40, columns: 200 }];

describe('the dashboard with hostile wire strings', () => {
  const tmp = tempDir('jamjet-hostile-view-');
  let monitor: Monitor;

  before(async () => {
    const replay = writeHostileJsonl(tmp.dir);
    const { config } = loadConfig({ flags: { url: [replay], noMetrics: true, db: ':memory:' }, env: {}, cwd: tmp.dir });
    const detail = createDetailSources();
    monitor = await createMonitor({
      config: { ...config, refreshMs: 20 }, clock: systemClock(), stdin: new PassThrough(),
      sinks: () => [...detail.sinks], contributors: () => ({ ...detail.contributors }),
    });
    monitor.start();
    await waitFor('the hostile execution to fail in the snapshot', WAIT_MS, () =>
      monitor.publisher.getSnapshot().executions.some((e) => e.id === HOSTILE_EXECUTION_ID && e.status === 'failed') ? true : undefined,
    );
  });
  after(async () => {
    cleanup();
    await monitor.stop();
    tmp.remove();
  });

  test('the check itself catches every hostile string printed raw', () => {
    for (const h of HOSTILE_STRINGS) assert.notEqual(findUnsafe(`x${h.text}x`), undefined, h.name);
  });

  for (const size of SIZES) {
    test(`the executions list and every detail tab at ${size.columns}x${size.rows} emit no raw control, C1 or bidi code point`, async () => {
      const app = render(<App store={monitor.publisher} size={size} color={false} />);
      const frame = (): string => app.lastFrame() ?? '';
      const shows = (what: string, ...parts: string[]) => waitFor(() => `${what} in:\n${frame()}`, WAIT_MS, () => (parts.every((p) => frame().includes(p)) ? true : undefined));
      await shows('the workflow id and the error, escaped', 'wf\\x1b[2J\\x1b[H|', 'gave up\\x1b[2J');
      assertTerminalSafe(frame(), 'executions list');
      app.stdin.write(KEYS.enter);
      await shows('the tree with node ids, model and errors, escaped', '[1 tree]', 'node:think\\x1b[2J', 'model.call gpt\\x1b[2J', 'error: tool said\\x1b[2J');
      assertTerminalSafe(frame(), 'detail: tree');
      app.stdin.write(KEYS.tab);
      await shows('the event timeline with node ids, escaped', '[2 events', 'node_failed       fetch\\x1b[2J');
      assertTerminalSafe(frame(), 'detail: events');
      app.stdin.write(KEYS.tab);
      await shows('the folded state with the model output, escaped', '[3 state]', '"answer": "the model wrote\\u001b[2J');
      assertTerminalSafe(frame(), 'detail: state');
      app.unmount();
    });
  }
});
