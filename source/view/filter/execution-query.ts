import type { ExecutionSummary } from '../../core/snapshot/snapshot.js';
import { isActive } from '../../core/snapshot/snapshot.js';

/** The fields a `/` query may name (`status:failed workflow:research model:gpt node:plan`); anything else is text. */
export const QUERY_FIELDS = ['status', 'workflow', 'model', 'node', 'source'] as const;

/** One of QUERY_FIELDS. */
export type QueryField = (typeof QUERY_FIELDS)[number];

/** Longest query a user may type, in characters (the filter box is one line). */
export const MAX_QUERY_LENGTH = 200;

/**
 * A parsed `/` query: per field the values any of which must match (a field named twice widens it), and
 * free words each of which must appear somewhere (id, workflow, models, running nodes, error). Fields and
 * words combine with AND. Matching is case-insensitive and by substring, as in k9s.
 */
export interface ExecutionQuery {
  readonly fields: Readonly<Partial<Record<QueryField, readonly string[]>>>;
  readonly words: readonly string[];
}

/** `status` values that are not an execution status but a state of the monitor's own. */
const STALE = 'stale';
/** Statuses the faults-only toggle keeps, and a stale execution (its fate unknown). */
const FAULT_STATUSES: ReadonlySet<string> = new Set(['failed', 'cancelled', 'limit_exceeded']);

/** Parses a query; the empty string gives the empty query (matches everything). */
export function parseQuery(text: string): ExecutionQuery {
  const fields: Partial<Record<QueryField, string[]>> = {};
  const words: string[] = [];
  for (const token of text.slice(0, MAX_QUERY_LENGTH).toLowerCase().split(/\s+/)) {
    if (token === '') continue;
    const colon = token.indexOf(':');
    const field = colon > 0 ? token.slice(0, colon) : '';
    if ((QUERY_FIELDS as readonly string[]).includes(field) && colon < token.length - 1) {
      (fields[field as QueryField] ??= []).push(token.slice(colon + 1));
    } else {
      words.push(token);
    }
  }
  return { fields, words };
}

/** True when the query has nothing to match. */
export function isEmptyQuery(q: ExecutionQuery): boolean {
  return q.words.length === 0 && QUERY_FIELDS.every((f) => q.fields[f] === undefined);
}

const has = (value: string | undefined, needle: string): boolean => value !== undefined && value.toLowerCase().includes(needle);

function statusMatches(e: ExecutionSummary, wanted: string): boolean {
  if (wanted === STALE) return e.stale;
  // `status:running` means live ones: a stale execution's runtime status says running, its fate is unknown.
  if (isActive(e.status) && e.stale) return false;
  return e.status.startsWith(wanted);
}

function fieldMatches(e: ExecutionSummary, field: QueryField, wanted: string): boolean {
  switch (field) {
    case 'status': return statusMatches(e, wanted);
    case 'workflow': return has(e.workflowId, wanted);
    case 'model': return e.models.some((m) => has(m, wanted));
    case 'node': return e.currentNodes.some((n) => has(n, wanted));
    case 'source': return has(e.source, wanted);
  }
}

function wordMatches(e: ExecutionSummary, word: string): boolean {
  return has(e.id, word) || has(e.workflowId, word) || has(e.error, word) || has(e.status, word) ||
    e.models.some((m) => has(m, word)) || e.currentNodes.some((n) => has(n, word));
}

/** Whether an execution matches every field (any of its values) and every word of the query. */
export function matchesQuery(e: ExecutionSummary, q: ExecutionQuery): boolean {
  for (const field of QUERY_FIELDS) {
    const values = q.fields[field];
    if (values !== undefined && !values.some((v) => fieldMatches(e, field, v))) return false;
  }
  return q.words.every((w) => wordMatches(e, w));
}

/** A fault: failed, cancelled, over a limit, or stale (it stopped being heard of before it ended). */
export function isFault(e: ExecutionSummary): boolean {
  return e.stale || FAULT_STATUSES.has(e.status);
}
