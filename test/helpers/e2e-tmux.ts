// A real terminal for end-to-end tests: a detached tmux session on its own socket in a temp dir (never
// the user's server), whose pane runs one command and stays on screen after it exits so its exit status is readable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Fails with an install hint when tmux is missing (the e2e suite needs it; .ci/run installs it). */
export function requireTmux(): void {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) assert.fail('tmux is not installed (needed by the dashboard end-to-end test): run node scripts/ensure-test-tools.mjs (it installs tmux or prints the command)');
}

/** A pane's life: dead once its command exited, with that command's exit status. */
export interface PaneState {
  readonly dead: boolean;
  /** The command's exit status (128 + n for signal n, as the shell reports it). */
  readonly status: number | undefined;
}

/** One detached tmux session on a private socket. */
export class TmuxSession {
  private constructor(
    readonly socket: string,
    private readonly dir: string,
  ) {}

  /** Starts `command` (a shell command line, its exit status recorded) in a `width`×`height` pane; `cwd` is the pane's directory. */
  static start(command: string, width: number, height: number, cwd: string): TmuxSession {
    const dir = mkdtempSync(join(tmpdir(), 'jamjet-e2e-tmux-'));
    // The socket lives in the temp dir, so closing the session leaves nothing behind.
    const socket = join(dir, 'tmux.sock');
    // Set in the config the server starts with, so even a command that exits at once leaves its status.
    const conf = join(dir, 'tmux.conf');
    writeFileSync(conf, 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 0\n');
    const session = new TmuxSession(socket, dir);
    // tmux 3.3 sometimes marks a pane dead without #{pane_dead_status} (seen after a resize): the shell's
    // own record of the exit status is the reliable one.
    const wrapped = `${command}; echo $? > '${join(dir, 'exit-status')}'`;
    session.tmux(['-f', conf, 'new-session', '-d', '-s', 'e2e', '-x', String(width), '-y', String(height), '-c', cwd, wrapped]);
    return session;
  }

  /** Runs a tmux command against this session's server; returns its stdout. */
  tmux(args: readonly string[]): string {
    const r = spawnSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
    return r.stdout;
  }

  /** The visible pane, one string per row (with SGR escapes when `escapes`). */
  capture(escapes = false): string[] {
    const text = this.tmux(['capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'e2e']);
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }

  /** Sends keys as tmux names them (`j`, `Enter`, `Escape`, `?`). */
  sendKeys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'e2e', ...keys]);
  }

  /** Resizes the window (and so the pane: one pane, status line off). */
  resize(width: number, height: number): void {
    this.tmux(['resize-window', '-t', 'e2e', '-x', String(width), '-y', String(height)]);
  }

  /** A tmux format variable of the pane (`alternate_on`, `mouse_sgr_flag`, `pane_width`). */
  paneFlag(name: string): string {
    return this.tmux(['display-message', '-p', '-t', 'e2e', `#{${name}}`]).trim();
  }

  /** Whether the pane's command has exited, and its exit status. */
  pane(): PaneState {
    const dead = this.tmux(['list-panes', '-t', 'e2e', '-F', '#{pane_dead}']).trim() === '1';
    const file = join(this.dir, 'exit-status');
    const status = dead && existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
    return { dead, status };
  }

  /** Kills the server (and the pane's process) and removes the config; safe to call twice. */
  close(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server'], { encoding: 'utf8' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
