// A CommandIo double for calling command wiring in-process: stdout and stderr are collected as text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CommandIo } from '../../source/commands/command-types.js';

/** A CommandIo whose output is kept in memory, plus the text written so far. */
export interface RecordingIo {
  readonly io: CommandIo;
  stdout(): string;
  stderr(): string;
}

/** Builds a RecordingIo over `env` and `cwd` (stdin is an empty stream). */
export function recordingIo(cwd: string, env: Record<string, string | undefined> = {}): RecordingIo {
  let out = '';
  let err = '';
  const writer = (append: (s: string) => void) =>
    ({ write: (chunk: string | Uint8Array) => (append(String(chunk)), true), isTTY: false, columns: 100 }) as unknown as NodeJS.WriteStream;
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  return {
    io: { stdout: writer((s) => (out += s)), stderr: writer((s) => (err += s)), stdin, env, cwd },
    stdout: () => out,
    stderr: () => err,
  };
}

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix = 'jamjet-cmd-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
