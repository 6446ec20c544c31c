import { fileURLToPath } from 'node:url';
import type { Clock } from '../clock.js';
import type { EventSource } from './event-source.js';
import { JsonlReplayEventSource } from './jsonl-replay-event-source.js';
import { redactUrl } from './redact-url.js';
import { RestPollingEventSource } from './rest-polling-event-source.js';
import { WebSocketEventSource } from './websocket-event-source.js';

/** A `--url` value that names no source; the CLI turns it into exit 2. */
export class SourceUrlError extends Error {
  constructor(readonly value: string, why: string) {
    // Quoted with JSON so control characters in the value are shown escaped; credentials are stripped.
    super(`${JSON.stringify(redactUrl(value))}: ${why}`);
    this.name = 'SourceUrlError';
  }
}

/** Options for {@link createSource}: what every source takes plus the replay knobs. */
export interface CreateSourceOptions {
  readonly id: string;
  readonly token?: string | undefined;
  readonly clock: Clock;
  readonly resumeCursor?: string | undefined;
  /** JSONL replay speed factor (0 or absent: as fast as possible). */
  readonly speed?: number | undefined;
  /** Stream read for `-` (default process.stdin). */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Executions a REST source polls whether or not its listing shows them (`exec_` ids). */
  readonly pin?: readonly string[] | undefined;
}

const EXPECTED = 'expected ws://…, wss://…, http://…, https://…, a path ending in .jsonl, or - for stdin';

/** Whether `url` names a JSONL file to replay (a path or file: URL ending in .jsonl; not `-`, which may be a live pipe). */
export function isReplayFile(url: string): boolean {
  const value = url.trim();
  if (/^file:/i.test(value)) return /\.jsonl$/i.test(value);
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && /\.jsonl$/i.test(value);
}

/** Picks the source for one `--url` value (CONTRACT.md's table), or throws SourceUrlError. */
export function createSource(url: string, opts: CreateSourceOptions): EventSource {
  const value = url.trim();
  const common = { id: opts.id, token: opts.token, clock: opts.clock, resumeCursor: opts.resumeCursor };
  if (value === '-' || (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && /\.jsonl$/i.test(value))) {
    return new JsonlReplayEventSource(value, { ...common, speed: opts.speed, stdin: opts.stdin });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'file' && /\.jsonl$/i.test(value)) {
    let path: string;
    try {
      path = fileURLToPath(value);
    } catch {
      throw new SourceUrlError(url, 'not a valid file URL');
    }
    return new JsonlReplayEventSource(path, { ...common, speed: opts.speed, stdin: opts.stdin });
  }
  if (scheme === 'ws' || scheme === 'wss' || scheme === 'http' || scheme === 'https') {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new SourceUrlError(url, `not a valid ${scheme} URL`);
    }
    if (parsed.hostname === '') throw new SourceUrlError(url, 'the URL has no host');
    if (scheme === 'ws' || scheme === 'wss') return new WebSocketEventSource(parsed.toString(), common);
    return new RestPollingEventSource(parsed.toString(), { ...common, pin: opts.pin });
  }
  if (value === '') throw new SourceUrlError(url, `empty; ${EXPECTED}`);
  throw new SourceUrlError(url, `not a source; ${EXPECTED}`);
}
