// The real dashboard (`jamjet top` on the demo runtime) in a real terminal: tmux runs it in a detached
// pane, the test reads the pane with capture-pane and types with send-keys. tmux is a test dependency
// (.ci/run installs it): when it is missing this test fails, it does not skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { CLI_PATH, E2E_SUITE_MS, E2E_WAIT_MS, waitFor } from '../helpers/e2e-process.js';
import { requireTmux, TmuxSession } from '../helpers/e2e-tmux.js';

const WIDTH = 120;
const HEIGHT = 30;
const WAIT_MS = E2E_WAIT_MS;
/** An execution row of the list: selection marker, status glyph, the short id. */
const ROW = /^([› ]) \S exec_([0-9a-f]{8})…/;
/** A foreground colour in an SGR sequence as tmux re-emits it (30-37, 90-97, 38;5;n / 38;2;r;g;b). */
// eslint-disable-next-line no-control-regex -- matching terminal escapes is the point
const FOREGROUND = /\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25])[;m]/;
/** The help overlay's pause line, generated from the key map. */
const HELP_PAUSE = /^\s*p\s+pause/;

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
const topCommand = (env: string): string => `env ${env} ${quote(process.execPath)} ${quote(CLI_PATH)} top --db :memory: --metrics-port 0`;

const rows = (screen: readonly string[]): Array<{ selected: boolean; id: string; line: number }> =>
  screen.flatMap((l, line) => {
    const m = ROW.exec(l);
    return m ? [{ selected: m[1] === '›', id: m[2]!, line }] : [];
  });

function screenText(screen: readonly string[]): string {
  return `\n${screen.join('\n')}`;
}

/** Polls the pane until `ok` holds for a capture; returns that capture. */
async function screenWhere(tmux: TmuxSession, what: string, ok: (screen: string[]) => boolean): Promise<string[]> {
  let last: string[] = [];
  return waitFor(() => `${what}; last screen:${screenText(last)}`, WAIT_MS, () => {
    last = tmux.capture();
    return ok(last) ? last : undefined;
  });
}

/** The pane holds exactly one frame of the given size, status bar on its first row. */
function assertFits(screen: readonly string[], width: number, height: number): void {
  assert.ok(screen.length <= height, `${screen.length} rows in a ${height}-row pane:${screenText(screen)}`);
  for (const l of screen) assert.ok(stringWidth(l) <= width, `wider than ${width}: ${l}`);
  assert.match(screen[0]!, /^jamjet-top /, `status bar not on the first row:${screenText(screen)}`);
  assert.equal(screen.filter((l) => l.startsWith('jamjet-top ')).length, 1, 'one status bar, nothing scrolled');
}

describe('jamjet top in a real terminal (tmux)', { timeout: E2E_SUITE_MS }, () => {
  let dir = '';
  let tmux: TmuxSession;
  let first: string[] = [];

  before(() => {
    requireTmux();
    dir = mkdtempSync(join(tmpdir(), 'jamjet-e2e-top-'));
    tmux = TmuxSession.start(topCommand('-u NO_COLOR -u FORCE_COLOR'), WIDTH, HEIGHT, dir);
  });

  after(() => {
    tmux?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('shows the DEMO badge, a connected source and live exec_ rows', async () => {
    first = await screenWhere(tmux, 'DEMO, connected and 3 execution rows', (s) =>
      /\bDEMO\b/.test(s[0] ?? '') && /\bconnected\b/.test(s[0] ?? '') && rows(s).length >= 3);
  });

  test('keeps moving: a later screen differs', async () => {
    await screenWhere(tmux, 'a screen different from the first', (s) => s.join('\n') !== first.join('\n'));
  });

  test('fits the pane: no more rows than the pane, no line wider than it, status bar on top', () => {
    const screen = tmux.capture();
    assertFits(screen, WIDTH, HEIGHT);
    assert.ok(screen.some((l) => /EXECUTION.*COST$/.test(l.trimEnd())), `no table header:${screenText(screen)}`);
  });

  test('draws in colour when NO_COLOR is not set', () => {
    assert.match(tmux.capture(true).join('\n'), FOREGROUND);
  });

  test('p pauses the display: the status bar says PAUSED', async () => {
    tmux.sendKeys('p');
    await screenWhere(tmux, 'PAUSED', (s) => /\bPAUSED\b/.test(s[0] ?? ''));
  });

  test('j moves the selection marker to the next execution', async () => {
    const before = await screenWhere(tmux, 'a selected row with one below it', (s) => {
      const r = rows(s);
      const i = r.findIndex((x) => x.selected);
      return i >= 0 && i + 1 < r.length;
    });
    const list = rows(before);
    const from = list.findIndex((x) => x.selected);
    tmux.sendKeys('j');
    const after = await screenWhere(tmux, `the marker on ${list[from + 1]!.id}`, (s) => rows(s).find((x) => x.selected)?.id === list[from + 1]!.id);
    assert.equal(rows(after).filter((x) => x.selected).length, 1, 'one selected row');
  });

  test('Enter moves the focus to the selected execution\'s tree', async () => {
    const screen = tmux.capture();
    const selected = rows(screen).find((x) => x.selected)!.id;
    assert.ok(screen.some((l) => /^▶ Executions/.test(l)) && !screen.some((l) => /^▶ Tree/.test(l)), `list not focused before Enter:${screenText(screen)}`);
    tmux.sendKeys('Enter');
    const tree = await screenWhere(tmux, `the tree of exec_${selected} focused`, (s) => s.some((l) => l.startsWith(`▶ Tree exec_${selected}`)));
    assert.ok(tree.some((l) => new RegExp(`execution exec_${selected}[0-9a-f]{24} `).test(l)), `no execution line:${screenText(tree)}`);
    assert.ok(!tree.some((l) => /^▶ Executions/.test(l)), 'the list lost the focus');
  });

  test('the alerts pane shows the built-in rules being evaluated; a gives it the keys', async () => {
    const screen = await screenWhere(tmux, 'the alerts pane', (s) => s.some((l) => /Alerts: \d+ firing, \d+ pending · 5 rules/.test(l)));
    assert.ok(!screen.some((l) => /^▶ Alerts/.test(l)), `alerts focused before a:${screenText(screen)}`);
    tmux.sendKeys('a');
    await screenWhere(tmux, 'the alerts pane focused', (s) => s.some((l) => /^▶ Alerts/.test(l)));
    tmux.sendKeys('Escape');
    tmux.sendKeys('Tab');
    await screenWhere(tmux, 'the focus back on a list pane', (s) => !s.some((l) => /^▶ Alerts/.test(l)));
  });

  test('? shows the help generated from the key map; ? again closes it', async () => {
    tmux.sendKeys('?');
    const help = await screenWhere(tmux, 'the help overlay', (s) => s.some((l) => HELP_PAUSE.test(l)));
    assert.ok(help.some((l) => /^\s*q\b.*quit/.test(l)), `no quit key in the help:${screenText(help)}`);
    tmux.sendKeys('?');
    await screenWhere(tmux, 'the help closed', (s) => !s.some((l) => HELP_PAUSE.test(l)));
  });

  test('after a resize to 80×20 it lays out again for 80 columns, status bar still on top', async () => {
    tmux.resize(80, 20);
    // tmux would cut a 120-column header at 80 and lose COST: a header ending in COST is a new layout.
    const screen = await screenWhere(tmux, 'an 80-column layout', (s) => s.length <= 20 && s.some((l) => /EXECUTION.*COST$/.test(l.trimEnd())));
    assertFits(screen, 80, 20);
  });

  test('q quits: the process exits with status 0', async () => {
    tmux.sendKeys('q');
    const pane = await waitFor('the pane to die', WAIT_MS, () => {
      const p = tmux.pane();
      return p.dead ? p : undefined;
    });
    assert.deepEqual(pane, { dead: true, status: 0 });
  });
});

describe('jamjet top with NO_COLOR in tmux', { timeout: E2E_SUITE_MS }, () => {
  let dir = '';
  let tmux: TmuxSession;

  before(() => {
    requireTmux();
    dir = mkdtempSync(join(tmpdir(), 'jamjet-e2e-top-'));
    tmux = TmuxSession.start(topCommand('NO_COLOR=1'), WIDTH, HEIGHT, dir);
  });

  after(() => {
    tmux?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('draws no colour at all, and q still exits 0', async () => {
    await screenWhere(tmux, 'execution rows', (s) => /\bDEMO\b/.test(s[0] ?? '') && rows(s).length >= 3);
    const screen = tmux.capture(true).join('\n');
    assert.doesNotMatch(screen, FOREGROUND);
    tmux.sendKeys('q');
    const pane = await waitFor('the pane to die', WAIT_MS, () => {
      const p = tmux.pane();
      return p.dead ? p : undefined;
    });
    assert.deepEqual(pane, { dead: true, status: 0 });
  });
});
