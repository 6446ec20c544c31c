// Envelope → TypedEvent. Checks run in wire order after the execution id and sequence are read, so that any
// rejection can still say which event it was. The envelope object is kept as is (payloads are not copied).
import type { EventKind, UnknownKind } from './event-kinds.js';
import type { DecodeResult, RawEnvelope, Rejection, RejectionReason, TypedEvent } from './event.js';
import { normaliseExecutionId } from './execution-id.js';
import { parseTimestamp } from './parse-timestamp.js';
import { checkKind, UNKNOWN_KIND } from './validate-kind.js';

export { KNOWN_EVENT_TYPES } from './event-specs.js';
export { isKnownEventType } from './validate-kind.js';

/** Longest rejection detail kept; details never echo payloads, this only bounds field paths. */
export const MAX_DETAIL_CHARS = 200;

/** Builds a failed DecodeResult with a capped detail. */
export function reject(
  reason: RejectionReason, detail: string, field?: string, executionId?: string, sequence?: number,
): DecodeResult {
  const rejection: Rejection = {
    reason,
    field,
    detail: detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS - 1)}…` : detail,
    executionId,
    sequence,
  };
  return { ok: false, rejection };
}

/** Names a JS value's type for a detail line without echoing the value. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Whether a value is a positive safe integer. */
function isPositiveSafeInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

/** Decodes one JamJet Event envelope into a TypedEvent or a typed Rejection; never throws. */
export function decodeEnvelope(value: unknown, nodeKind?: string): DecodeResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('not_an_object', `envelope: expected object, got ${typeName(value)}`);
  }
  const env = value as Record<string, unknown>;
  const rawExec = env['execution_id'];
  const rawSeq = env['sequence'];
  const executionId = typeof rawExec === 'string' ? normaliseExecutionId(rawExec) : undefined;
  const sequence = isPositiveSafeInteger(rawSeq) ? rawSeq : undefined;

  const id = env['id'];
  if (typeof id !== 'string') {
    return id === undefined
      ? reject('missing_field', 'id: missing (expected string)', 'id', executionId, sequence)
      : reject('wrong_type', `id: expected string, got ${typeName(id)}`, 'id', executionId, sequence);
  }
  if (executionId === undefined) {
    if (rawExec === undefined) return reject('missing_field', 'execution_id: missing (expected string)', 'execution_id', undefined, sequence);
    if (typeof rawExec !== 'string') {
      return reject('wrong_type', `execution_id: expected string, got ${typeName(rawExec)}`, 'execution_id', undefined, sequence);
    }
    return reject('invalid_execution_id', 'execution_id: expected exec_ + 32 hex or a UUID', 'execution_id', undefined, sequence);
  }
  if (sequence === undefined) {
    if (rawSeq === undefined) return reject('missing_field', 'sequence: missing (expected integer)', 'sequence', executionId);
    return reject('invalid_sequence', `sequence: expected a positive safe integer, got ${typeName(rawSeq)}`, 'sequence', executionId);
  }

  const kind = env['kind'];
  if (typeof kind !== 'object' || kind === null || Array.isArray(kind)) {
    return kind === undefined
      ? reject('missing_field', 'kind: missing (expected object)', 'kind', executionId, sequence)
      : reject('wrong_type', `kind: expected object, got ${typeName(kind)}`, 'kind', executionId, sequence);
  }
  const kindObj = kind as Record<string, unknown>;
  const type = kindObj['type'];
  if (typeof type !== 'string') {
    return type === undefined
      ? reject('missing_field', 'kind.type: missing (expected string)', 'kind.type', executionId, sequence)
      : reject('wrong_type', `kind.type: expected string, got ${typeName(type)}`, 'kind.type', executionId, sequence);
  }

  const createdAt = env['created_at'];
  if (typeof createdAt !== 'string') {
    return createdAt === undefined
      ? reject('missing_field', 'created_at: missing (expected RFC 3339 string)', 'created_at', executionId, sequence)
      : reject('wrong_type', `created_at: expected string, got ${typeName(createdAt)}`, 'created_at', executionId, sequence);
  }
  const time = parseTimestamp(createdAt);
  if (Number.isNaN(time)) {
    return reject('invalid_timestamp', 'created_at: expected an RFC 3339 date-time', 'created_at', executionId, sequence);
  }

  const p = checkKind(kindObj, type);
  const known = p !== UNKNOWN_KIND;
  if (p !== undefined && p !== UNKNOWN_KIND) return reject(p.reason, p.detail, p.field, executionId, sequence);
  // One object shape for both branches keeps the consumers' property accesses monomorphic.
  const event = {
    known,
    id,
    executionId,
    sequence,
    time,
    envelope: env as RawEnvelope,
    kind: kindObj as unknown as EventKind & UnknownKind,
    nodeKind,
  } as TypedEvent;
  return { ok: true, event };
}
