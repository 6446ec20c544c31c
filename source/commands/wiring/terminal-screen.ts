import { writeSync } from 'node:fs';

/** Switches to the alternate screen (the shell's screen comes back untouched on leave). */
const ALT_SCREEN_ON = '\x1b[?1049h';
const ALT_SCREEN_OFF = '\x1b[?1049l';
/** Button press/release reports (wheel included) in SGR form; motion is not asked for. */
const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
const MOUSE_OFF = '\x1b[?1006l\x1b[?1000l';
/** The cursor shown again (Ink hides it while it draws). */
const CURSOR_ON = '\x1b[?25h';

/** The dashboard's hold on the terminal; `release` gives it back and may be called any number of times. */
export interface TerminalScreen {
  release(): void;
}

/** The escape sequence that takes the terminal (alternate screen, mouse reports when asked). */
export function takeSequence(mouse: boolean): string {
  return ALT_SCREEN_ON + (mouse ? MOUSE_ON : '');
}

/** The escape sequence that gives it back, in the reverse order. */
export function releaseSequence(mouse: boolean): string {
  return (mouse ? MOUSE_OFF : '') + ALT_SCREEN_OFF + CURSOR_ON;
}

/** Events on which the terminal is given back although the command's own cleanup may not run. */
const LAST_CHANCES = ['exit', 'uncaughtExceptionMonitor'] as const;

/**
 * Takes `stdout` for a full-screen dashboard: the alternate screen, mouse reports when `mouse`. The shell's
 * screen is given back on every exit path: `release()` from the command's cleanup, the process's `exit`
 * (process.exit, a signal handler that exits) and a crash (an uncaught exception or unhandled rejection,
 * before Node prints its stack, so the stack lands on the shell's screen). The write is synchronous where
 * stdout is a file descriptor, since a crashing process has no next tick.
 */
export function takeTerminal(stdout: NodeJS.WriteStream, mouse: boolean): TerminalScreen {
  const fd = (stdout as { fd?: unknown }).fd;
  const write = (text: string): void => {
    try {
      if (typeof fd === 'number') writeSync(fd, text);
      else stdout.write(text);
    } catch {
      // A terminal that is gone has nothing to restore.
    }
  };
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    for (const event of LAST_CHANCES) process.off(event, release);
    write(releaseSequence(mouse));
  };
  write(takeSequence(mouse));
  for (const event of LAST_CHANCES) process.on(event, release);
  return { release };
}

/**
 * OSC 52: asks the terminal to put `text` on the system clipboard (works over SSH and in tmux with
 * `set-clipboard on`). Only ids are copied; control characters are dropped so nothing else is sent.
 */
export function copySequence(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return `\x1b]52;c;${Buffer.from(clean, 'utf8').toString('base64')}\x07`;
}
