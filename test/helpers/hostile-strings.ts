// Wire strings an attacker (or a confused model) could put in an event, and the check that none of them
// reaches a terminal as itself. One table, used by every test of an output path (dashboard, follow,
// inspect, serve's logs).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every C1 control, U+0080 to U+009F (U+009B is a one-byte CSI, U+009D a one-byte OSC). */
const C1_ALL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)).join('');

/** The hostile strings, by what they would do if printed raw. */
export const HOSTILE_STRINGS: ReadonlyArray<{ readonly name: string; readonly text: string }> = [
  { name: 'CSI: clear the screen, cursor home', text: '\u001b[2J\u001b[H' },
  { name: 'OSC 52: write the clipboard', text: '\u001b]52;c;aGk=\u0007' },
  { name: 'OSC 8: a hyperlink', text: '\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\' },
  { name: 'OSC 0: set the window title', text: '\u001b]0;pwned\u0007' },
  { name: 'bidi: override and isolates (Trojan Source)', text: '\u202eevil\u2066a\u2067b\u2068c\u2069\u202a\u202b\u202c\u202d' },
  { name: 'C1: one-byte CSI and OSC, then every C1 control', text: `\u009b2J\u009d0;t\u009c${C1_ALL}` },
  { name: 'NUL, BEL, DEL', text: '\u0000\u0007\u007f' },
];

/** All of them in one string, separated by `|`, as one field of an event carries them. */
export const HOSTILE = HOSTILE_STRINGS.map((h) => h.text).join('|');

/**
 * A code point a terminal acts on: C0 controls but line feed, DEL, C1, bidi marks, embeddings, overrides and
 * isolates, zero-width characters, line and paragraph separators, the BOM.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

/** The first unsafe code point of `text` with its offset and surroundings, or undefined when there is none. */
export function findUnsafe(text: string): string | undefined {
  const m = UNSAFE.exec(text);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!.toString(16).padStart(4, '0');
  return `U+${cp} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40))}`;
}

/** Fails when `text` holds any code point a terminal acts on (line feeds are fine). */
export function assertTerminalSafe(text: string, where: string): void {
  const found = findUnsafe(text);
  assert.equal(found, undefined, `${where}: raw ${found}`);
}

/** The hyphenated UUID of the hostile execution, and its `exec_` form. */
export const HOSTILE_EXECUTION_UUID = '3110084b-dce0-44b9-bd8c-0a4862b0c1dd';
export const HOSTILE_EXECUTION_ID = 'exec_3110084bdce044b9bd8c0a4862b0c1dd';

/** The workflow id, node ids, model and errors the hostile execution carries. */
export const HOSTILE_FIELDS = {
  workflowId: `wf${HOSTILE}`,
  modelNode: `think${HOSTILE}`,
  toolNode: `fetch${HOSTILE}`,
  model: `gpt${HOSTILE}`,
  nodeError: `tool said${HOSTILE}`,
  workflowError: `gave up${HOSTILE}`,
  modelOutput: `the model wrote${HOSTILE}`,
} as const;

/**
 * The JamJet Event envelopes of one failed execution with {@link HOSTILE} in its workflow id, node ids, worker,
 * model, model output, state, node error and workflow error.
 */
export function hostileEnvelopes(start = Date.UTC(2026, 2, 14, 10, 0, 0)): Array<Record<string, unknown>> {
  const f = HOSTILE_FIELDS;
  const kinds: Array<Record<string, unknown>> = [
    { type: 'workflow_started', workflow_id: f.workflowId, workflow_version: `1${HOSTILE}`, initial_input: { question: HOSTILE } },
    { type: 'node_scheduled', node_id: f.modelNode, queue_type: 'model' },
    { type: 'node_started', node_id: f.modelNode, worker_id: `worker${HOSTILE}`, attempt: 0 },
    {
      type: 'node_completed', node_id: f.modelNode, output: { text: f.modelOutput }, state_patch: { answer: f.modelOutput },
      duration_ms: 5, gen_ai_system: `sys${HOSTILE}`, gen_ai_model: f.model, input_tokens: 10, output_tokens: 5,
    },
    { type: 'node_scheduled', node_id: f.toolNode, queue_type: 'tool' },
    { type: 'node_started', node_id: f.toolNode, worker_id: 'w', attempt: 0 },
    { type: 'node_failed', node_id: f.toolNode, error: f.nodeError, attempt: 0, retryable: false },
    { type: 'workflow_failed', error: f.workflowError },
  ];
  return kinds.map((kind, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    execution_id: HOSTILE_EXECUTION_UUID,
    sequence: i + 1,
    kind,
    created_at: new Date(start + (i + 1) * 1000).toISOString(),
  }));
}

/** Writes {@link hostileEnvelopes} as a JSONL replay file in `dir`; returns its path. */
export function writeHostileJsonl(dir: string, start?: number): string {
  const path = join(dir, 'hostile.jsonl');
  writeFileSync(path, hostileEnvelopes(start).map((e) => JSON.stringify(e)).join('\n') + '\n');
  return path;
}
