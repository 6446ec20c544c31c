// The real dashboard (`jamjet top` on the demo runtime) in a real terminal: tmux runs it in a detached
// pane, the test reads the pane with capture-pane and types with send-keys. tmux is a test dependency
// (.ci/run installs it): when it is missing this test fails, it does not skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
const topCommand = (env: string): string => `env ${env} ${quote(process.execPath)} ${quote(CLI_PATH)} top --demo --db :memory: --metrics-port 0`;

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

/** The selected row's id, or fails with the screen. */
function selectedId(screen: readonly string[]): string {
  const id = rows(screen).find((x) => x.selected)?.id;
  assert.ok(id !== undefined, `no selected row:${screenText(screen)}`);
  return id;
}

/** The rows of the list without the selection marker (what pausing must keep still). */
const rowTexts = (screen: readonly string[]): string[] => screen.filter((l) => ROW.test(l)).map((l) => l.slice(1));

/** Parses the DURATION column's `29ms`, `1.5s`, `2m05s`, `1h02m`. */
function durationMs(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(text);
  assert.ok(m && text !== '', `not a duration: ${text}`);
  return (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000 + Number(m[4] ?? 0);
}

/** The title line of the executions list. */
const listTitle = (screen: readonly string[]): string => screen.find((l) => /^[▶ ] Executions \(/.test(l)) ?? '';

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

  /** Types a `/` query and Enter, and waits until the title shows it kept. */
  async function query(text: string): Promise<string[]> {
    tmux.sendKeys('/');
    tmux.sendKeys('-l', text);
    tmux.sendKeys('Enter');
    return screenWhere(tmux, `the query ${text} kept`, (s) => listTitle(s).includes(`/${text}`) && !listTitle(s).includes('Enter keeps'));
  }

  /** p, then the selected id of the frozen list. */
  async function pause(): Promise<string> {
    tmux.sendKeys('p');
    return selectedId(await screenWhere(tmux, 'PAUSED', (s) => /\bPAUSED\b/.test(s[0] ?? '') && rows(s).some((r) => r.selected)));
  }

  /** p again, and the list is live. */
  async function resume(): Promise<void> {
    tmux.sendKeys('p');
    await screenWhere(tmux, 'live again', (s) => !/\bPAUSED\b/.test(s[0] ?? ''));
  }

  /** Esc until the list has no query and the keys are the list's. */
  async function clearQuery(): Promise<void> {
    tmux.sendKeys('Escape');
    await screenWhere(tmux, 'the query cleared', (s) => /^▶ Executions \(\d+\)/.test(listTitle(s)));
  }

  test('takes the alternate screen with mouse reports, shows DEMO, a connected source and live exec_ rows', async () => {
    first = await screenWhere(tmux, 'DEMO, connected and 3 execution rows', (s) =>
      /\bDEMO\b/.test(s[0] ?? '') && /\b(connected|src ok)\b/.test(s[0] ?? '') && rows(s).length >= 3);
    assert.equal(tmux.paneFlag('alternate_on'), '1', 'on the alternate screen');
    assert.equal(tmux.paneFlag('mouse_sgr_flag'), '1', 'mouse reports asked for');
  });

  test('keeps moving: a later screen differs', async () => {
    await screenWhere(tmux, 'a screen different from the first', (s) => s.join('\n') !== first.join('\n'));
  });

  test('fits the pane: no more rows than the pane, no line wider than it, status bar on top', () => {
    const screen = tmux.capture();
    assertFits(screen, WIDTH, HEIGHT);
    assert.ok(screen.some((l) => /EXECUTION.*STARTED.*DURATION.*COST$/.test(l.trimEnd())), `no table header:${screenText(screen)}`);
  });

  test('draws in colour when NO_COLOR is not set', () => {
    assert.match(tmux.capture(true).join('\n'), FOREGROUND);
  });

  test('p pauses: PAUSED, and the frozen list can be browsed (j, then jjjj in one write) without changing', async () => {
    tmux.sendKeys('p');
    // The frame that says PAUSED is the frozen snapshot itself: its rows must not change from here on.
    const frozen = await screenWhere(tmux, 'PAUSED with 6 rows', (s) => /\bPAUSED\b/.test(s[0] ?? '') && rows(s).length >= 6);
    const list = rows(frozen);
    const from = list.findIndex((x) => x.selected);
    assert.ok(from >= 0 && from + 5 < list.length, `room to move:${screenText(frozen)}`);
    tmux.sendKeys('j');
    await screenWhere(tmux, `the marker on ${list[from + 1]!.id}`, (s) => selectedId(s) === list[from + 1]!.id);
    tmux.sendKeys('jjjj');
    const after = await screenWhere(tmux, `the marker four rows on, on ${list[from + 5]!.id}`, (s) => selectedId(s) === list[from + 5]!.id);
    assert.deepEqual(rowTexts(after), rowTexts(frozen), 'paused: the rows did not change while browsing');
    assert.equal(rows(after).filter((x) => x.selected).length, 1, 'one selected row');
    tmux.sendKeys('g', 'p');
    await screenWhere(tmux, 'live again', (s) => !/\bPAUSED\b/.test(s[0] ?? ''));
  });

  test('s sorts by duration, longest first, and cycles back to newest', async () => {
    tmux.sendKeys('s');
    const sorted = await screenWhere(tmux, 'sort duration', (s) => listTitle(s).includes('sort duration'));
    const header = sorted.find((l) => /EXECUTION.*DURATION/.test(l))!;
    const at = header.indexOf('DURATION') + 'DURATION'.length;
    const durations = sorted.filter((l) => ROW.test(l)).map((l) => durationMs(l.slice(0, at).trim().split(/\s+/).at(-1)!));
    assert.ok(durations.length >= 3);
    for (let i = 1; i < durations.length; i++) assert.ok(durations[i - 1]! >= durations[i]!, `not longest first: ${durations.join(', ')}`);
    tmux.sendKeys('s', 's', 's', 's');
    await screenWhere(tmux, 'sort back to newest', (s) => !listTitle(s).includes('sort ') && rows(s).length > 0);
  });

  test('/ filters by status (status:paused shows only paused rows), f shows faults only; Esc and f undo them', async () => {
    const paused = await query('status:paused');
    for (const l of paused.filter((x) => ROW.test(x))) assert.match(l, /^[› ] ⏸ /);
    await clearQuery();
    tmux.sendKeys('f');
    const faults = await screenWhere(tmux, 'faults only', (s) => listTitle(s).includes('faults only'));
    for (const l of faults.filter((x) => ROW.test(x))) assert.match(l, /^[› ] [✖⧖⊘◌] /, 'failed, over a limit, cancelled or stale');
    tmux.sendKeys('f');
    await screenWhere(tmux, 'all executions again', (s) => !listTitle(s).includes('faults only'));
  });

  test('z zooms the list to the whole screen and back', async () => {
    tmux.sendKeys('z');
    const zoomed = await screenWhere(tmux, 'the list right under the status bar', (s) => /^▶ Executions/.test(s[1] ?? ''));
    assertFits(zoomed, WIDTH, HEIGHT);
    assert.ok(rows(zoomed).length >= HEIGHT - 5, `the list fills the screen:${screenText(zoomed)}`);
    tmux.sendKeys('z');
    await screenWhere(tmux, 'the metrics back under the status bar', (s) => !/Executions/.test(s[1] ?? ''));
  });

  test('Enter opens the execution full screen (tree, events, state tabs); Esc comes back to the list', async () => {
    // Paused: the cursor keeps its row, not its execution, so on a live list a new execution can take the row
    // between a capture and the key.
    const id = await pause();
    tmux.sendKeys('Enter');
    const tree = await screenWhere(tmux, `the detail of exec_${id}`, (s) => /\[1 tree\]/.test(s[1] ?? '') && s.some((l) => new RegExp(`execution exec_${id}[0-9a-f]{24} `).test(l)));
    assertFits(tree, WIDTH, HEIGHT);
    tmux.sendKeys('Tab');
    await screenWhere(tmux, 'the events tab', (s) => /\[2 events/.test(s[1] ?? '') && s.some((l) => /workflow_started/.test(l)));
    tmux.sendKeys('Tab');
    await screenWhere(tmux, 'the state tab', (s) => /\[3 state\]/.test(s[1] ?? ''));
    tmux.sendKeys('Escape');
    await screenWhere(tmux, 'the list again', (s) => /^▶ Executions/.test(listTitle(s)));
    await resume();
  });

  test('a and the number keys move the focus between panes; Tab cycles', async () => {
    await screenWhere(tmux, 'the alerts pane', (s) => s.some((l) => /Alerts: \d+ firing, \d+ pending · 5 rules/.test(l)));
    tmux.sendKeys('a');
    await screenWhere(tmux, 'the alerts pane focused', (s) => s.some((l) => /^▶ Alerts/.test(l)));
    tmux.sendKeys('3');
    await screenWhere(tmux, 'the queue pane shown and focused', (s) => s.some((l) => /^▶ Queue: \d+ queued/.test(l)));
    tmux.sendKeys('Tab');
    await screenWhere(tmux, 'the spend pane focused', (s) => s.some((l) => /▶ Tokens & cost/.test(l)));
    tmux.sendKeys('1');
    await screenWhere(tmux, 'the list focused', (s) => /^▶ Executions/.test(listTitle(s)));
  });

  test('y copies the selected id (OSC 52) and says so; F follows the selected execution', async () => {
    const id = await pause(); // as for Enter
    tmux.sendKeys('y');
    await screenWhere(tmux, `the copy of exec_${id} noted`, (s) => new RegExp(`copied exec_${id}`).test(s[0] ?? ''));
    await resume();
    tmux.sendKeys('F');
    await screenWhere(tmux, 'following', (s) => listTitle(s).includes('following (F)'));
    tmux.sendKeys('F');
    await screenWhere(tmux, 'not following', (s) => !listTitle(s).includes('following (F)'));
  });

  test('c cancels a running execution after y: the runtime reports it cancelled', async () => {
    await query('status:running');
    // The id is read from the dialog, not from the list: a new execution can take the selected row between a
    // capture and the key. A row that ends before y lands gets the runtime's refusal; then another one is tried.
    let id = '';
    for (let attempt = 1; id === '' && attempt <= 5; attempt++) {
      tmux.sendKeys('c');
      const dialog = await screenWhere(tmux, 'the cancel confirmation', (s) =>
        (s.some((l) => /Cancel execution exec_[0-9a-f]{8}/.test(l)) && s.some((l) => /y\/n/.test(l))) || s.some((l) => /any key closes/.test(l)));
      const asked = /Cancel execution exec_([0-9a-f]{8})/.exec(dialog.join('\n'))?.[1];
      if (asked !== undefined) tmux.sendKeys('y');
      const answer = await screenWhere(tmux, 'the runtime\'s answer', (s) => s.some((l) => /any key closes/.test(l)));
      if (asked !== undefined && answer.some((l) => /│ ✔ /.test(l))) id = asked;
      if (id === '') assert.ok(attempt < 5, `the runtime refused five cancels; last answer:${screenText(answer)}`);
      tmux.sendKeys('Escape');
      await screenWhere(tmux, 'the dialog closed', (s) => !s.some((l) => /any key closes/.test(l)));
    }
    await clearQuery();
    await query(id);
    await screenWhere(tmux, `exec_${id} cancelled`, (s) => rows(s).length === 1 && s.some((l) => new RegExp(`^[› ] ⊘ exec_${id}`).test(l)));
    await clearQuery();
  });

  test('A approves a waiting approval: the execution resumes', async () => {
    await query('status:paused');
    // The filtered list stays live: the demo's cms_publisher executions wait for approval every few seconds.
    await screenWhere(tmux, 'an execution waiting for approval', (s) => rows(s).length > 0);
    tmux.sendKeys('A');
    // The id comes from the dialog: the selected row can change between a capture and the key.
    const dialog = await screenWhere(tmux, 'the approval dialog', (s) => s.some((l) => /Approval for exec_[0-9a-f]{8}/.test(l)));
    const id = /Approval for exec_([0-9a-f]{8})/.exec(dialog.join('\n'))![1]!;
    tmux.sendKeys('Enter');
    await screenWhere(tmux, 'the runtime\'s answer', (s) => s.some((l) => /│ ✔ /.test(l)) && s.some((l) => /any key closes/.test(l)));
    tmux.sendKeys('Escape');
    await screenWhere(tmux, 'the dialog closed', (s) => !s.some((l) => /any key closes/.test(l)));
    await clearQuery();
    await query(id);
    await screenWhere(tmux, `exec_${id} resumed`, (s) => s.some((l) => new RegExp(`^[› ] [●✔] exec_${id}`).test(l)));
    await clearQuery();
  });

  test('? shows the help generated from the key map; ? again closes it', async () => {
    tmux.sendKeys('?');
    const help = await screenWhere(tmux, 'the help overlay', (s) => s.some((l) => HELP_PAUSE.test(l)));
    assert.ok(help.some((l) => /^\s*q\b.*quit/.test(l)), `no quit key in the help:${screenText(help)}`);
    tmux.sendKeys('?');
    await screenWhere(tmux, 'the help closed', (s) => !s.some((l) => HELP_PAUSE.test(l)));
  });

  test('resized to 80×24 and 60×15 it lays out again, fully usable; smaller it says too small', async () => {
    tmux.resize(80, 24);
    // tmux would cut a 120-column header at 80 and lose COST: a header ending in COST is a new layout.
    const at80 = await screenWhere(tmux, 'an 80-column layout', (s) => s.length <= 24 && s.some((l) => /EXECUTION.*COST$/.test(l.trimEnd())));
    assertFits(at80, 80, 24);
    assert.ok(rows(at80).length >= 5, `executions listed at 80×24:${screenText(at80)}`);
    tmux.resize(60, 15);
    const at60 = await screenWhere(tmux, 'a 60-column layout', (s) => s.length <= 15 && s.some((l) => /EXECUTION.*COST$/.test(l.trimEnd())));
    assertFits(at60, 60, 15);
    tmux.sendKeys('j');
    await screenWhere(tmux, 'keys still work at 60×15', (s) => rows(s).findIndex((x) => x.selected) >= 0);
    tmux.resize(59, 14);
    await screenWhere(tmux, 'the too-small notice', (s) => s.some((l) => /terminal too small \(59×14\)/.test(l)));
    tmux.resize(80, 24);
    await screenWhere(tmux, 'the dashboard back', (s) => s.some((l) => /EXECUTION.*COST$/.test(l.trimEnd())));
  });

  test('q quits: the process exits with status 0 and gives the terminal back (main screen, no mouse reports)', async () => {
    tmux.sendKeys('q');
    const pane = await waitFor('the pane to die', WAIT_MS, () => {
      const p = tmux.pane();
      return p.dead ? p : undefined;
    });
    assert.deepEqual(pane, { dead: true, status: 0 });
    assert.equal(tmux.paneFlag('alternate_on'), '0', 'back on the main screen');
    assert.equal(tmux.paneFlag('mouse_sgr_flag'), '0', 'mouse reports off');
    assert.ok(!tmux.capture().some((l) => /^jamjet-top /.test(l)), 'the last frame is not left on the shell\'s screen');
  });
});

describe('jamjet top killed with SIGTERM in tmux', { timeout: E2E_SUITE_MS }, () => {
  let dir = '';
  let tmux: TmuxSession;

  before(() => {
    requireTmux();
    dir = mkdtempSync(join(tmpdir(), 'jamjet-e2e-top-'));
    tmux = TmuxSession.start(topCommand('NO_COLOR=1'), 100, 30, dir);
  });

  after(() => {
    tmux?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('gives the terminal back and exits 0', async () => {
    await screenWhere(tmux, 'execution rows', (s) => rows(s).length >= 3);
    const pid = Number(tmux.paneFlag('pane_pid'));
    // The pane runs a shell that runs node: signal the node child.
    const child = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
    assert.ok(child, 'the node process under the pane shell');
    process.kill(Number(child), 'SIGTERM');
    const pane = await waitFor('the pane to die', WAIT_MS, () => {
      const p = tmux.pane();
      return p.dead ? p : undefined;
    });
    assert.deepEqual(pane, { dead: true, status: 0 });
    assert.equal(tmux.paneFlag('alternate_on'), '0');
    assert.equal(tmux.paneFlag('mouse_sgr_flag'), '0');
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
