// Runs the built CLI (the cli.js next to this compiled helper) as a child process, as a user would.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The compiled entry point of the build these tests were compiled into. */
export const CLI_PATH = fileURLToPath(new URL('../../source/cli.js', import.meta.url));

/** Longest a CLI run may take before the test gives up on it (and kills it). */
export const CLI_TIMEOUT_MS = 8000;

/** What a finished CLI run produced. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The current environment without any JAMJET_* variable (so the developer's own settings never leak in). */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('JAMJET_') && v !== undefined) env[k] = v;
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

/** Runs `node cli.js ...args` in `cwd` with stdin closed; kills it after CLI_TIMEOUT_MS. */
export function runCli(args: readonly string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: opts.cwd, env: opts.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
