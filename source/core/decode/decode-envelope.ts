import type { DecodeResult } from './event.js';

/** Decodes one JamJet Event envelope into a TypedEvent or a typed Rejection; never throws. */
export function decodeEnvelope(value: unknown, nodeKind?: string): DecodeResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, rejection: { reason: 'not_an_object', detail: 'envelope is not an object' } };
  }
  void nodeKind;
  return { ok: false, rejection: { reason: 'invalid_value', detail: 'decoder not implemented yet' } };
}
