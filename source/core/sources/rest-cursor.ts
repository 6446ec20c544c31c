import { normaliseExecutionId } from '../decode/execution-id.js';

/**
 * Reads the REST poller's resume cursor, a JSON object `{ "<execution id>": lastSequence, … }` in the
 * order the executions were watched. Anything unreadable is no resume point; bad entries are skipped.
 */
export function parseRestCursor(cursor: string | undefined): (readonly [string, number])[] {
  if (!cursor) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [];
  return Object.entries(parsed).flatMap(([id, seq]) => {
    const key = normaliseExecutionId(id);
    return key !== undefined && typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? [[key, seq] as const] : [];
  });
}
