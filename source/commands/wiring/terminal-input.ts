import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';

/** Where Ink reads keys from, and how to let go of it. */
export interface TerminalInput {
  readonly input: NodeJS.ReadStream;
  close(): void;
}

/**
 * The keyboard for Ink. Usually stdin; but when stdin carries the events (`--url -`) the keys come
 * from the controlling terminal instead. Undefined when there is none (then the command runs without
 * a live screen).
 */
export function terminalInput(stdin: NodeJS.ReadStream, usesStdin: boolean): TerminalInput | undefined {
  if (stdin.isTTY && !usesStdin) return { input: stdin, close: () => undefined };
  try {
    const tty = new ReadStream(openSync('/dev/tty', 'r'));
    return { input: tty as unknown as NodeJS.ReadStream, close: () => tty.destroy() };
  } catch {
    return undefined;
  }
}
