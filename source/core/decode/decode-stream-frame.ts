import type { DecodeResult, Rejection } from './event.js';

/** Largest frame text accepted, in UTF-16 code units. */
export const MAX_FRAME_CHARS = 16 * 1024 * 1024;

/** One decoded frame of stream protocol v1. */
export type StreamFrame =
  | { type: 'hello'; protocol: number; server: string; epoch: string; cursor: number; oldestCursor: number; heartbeatMs: number; gap: boolean }
  | { type: 'events'; items: { cursor: number; result: DecodeResult }[] }
  | { type: 'heartbeat'; cursor: number }
  | { type: 'error'; code: string; message: string }
  | { type: 'unknown'; frameType: string }
  | { type: 'rejected'; rejection: Rejection };

/** Decodes one stream protocol v1 frame; never throws. */
export function decodeStreamFrame(text: string, maxChars: number = MAX_FRAME_CHARS): StreamFrame {
  if (text.length > maxChars) {
    return { type: 'rejected', rejection: { reason: 'frame_too_large', detail: 'frame too large' } };
  }
  return { type: 'rejected', rejection: { reason: 'unknown_frame', detail: 'decoder not implemented yet' } };
}
