import type { EventKind, UnknownKind } from './event-kinds.js';

/** The JamJet Event envelope exactly as it was received (the store keeps it verbatim). */
export interface RawEnvelope {
  id: string;
  execution_id: string;
  sequence: number;
  kind: { type: string; [field: string]: unknown };
  created_at: string;
  [extra: string]: unknown;
}

/** Fields every decoded event carries, whatever its kind. */
interface EventBase {
  /** Event id (UUID) as sent. */
  readonly id: string;
  /** Normalised execution id: `exec_` + 32 lowercase hex. */
  readonly executionId: string;
  /** Per-execution sequence, from 1, gapless at the runtime. */
  readonly sequence: number;
  /** `created_at` as epoch milliseconds. */
  readonly time: number;
  /** The envelope object as received, unchanged. */
  readonly envelope: RawEnvelope;
  /** Node kind hint from stream protocol extras (`node_kind`), when the stream sent one. */
  readonly nodeKind?: string | undefined;
}

/** An event whose kind this build knows, narrowed by `kind.type`. */
export interface KnownEvent extends EventBase {
  readonly known: true;
  readonly kind: EventKind;
}

/** An event with a `kind.type` this build does not know: counted and stored, not interpreted. */
export interface UnknownEvent extends EventBase {
  readonly known: false;
  readonly kind: UnknownKind;
}

/** A decoded JamJet event. */
export type TypedEvent = KnownEvent | UnknownEvent;

/** Why a frame or envelope was rejected. */
export type RejectionReason =
  | 'invalid_json'
  | 'frame_too_large'
  | 'not_an_object'
  | 'missing_field'
  | 'wrong_type'
  | 'invalid_value'
  | 'invalid_execution_id'
  | 'invalid_sequence'
  | 'invalid_timestamp'
  | 'unknown_frame';

/** Every rejection reason, for counters that want a zero for each. */
export const REJECTION_REASONS: readonly RejectionReason[] = [
  'invalid_json', 'frame_too_large', 'not_an_object', 'missing_field', 'wrong_type', 'invalid_value',
  'invalid_execution_id', 'invalid_sequence', 'invalid_timestamp', 'unknown_frame',
];

/** A typed rejection: what was wrong and where. Never thrown, always returned. */
export interface Rejection {
  readonly reason: RejectionReason;
  /** Dotted path of the offending field (`kind.attempt`), when one field is to blame. */
  readonly field?: string | undefined;
  /** One line for humans, safe to show (no payload echoed). */
  readonly detail: string;
  /** Execution id and sequence when they could be read, to locate the bad event. */
  readonly executionId?: string | undefined;
  readonly sequence?: number | undefined;
  /**
   * The start of the offending raw input (see REJECTION_EXCERPT_CHARS), when the source still had it. Raw
   * wire text: sanitise it before display.
   */
  readonly excerpt?: string | undefined;
}

/** The outcome of decoding one envelope. */
export type DecodeResult = { readonly ok: true; readonly event: TypedEvent } | { readonly ok: false; readonly rejection: Rejection };
