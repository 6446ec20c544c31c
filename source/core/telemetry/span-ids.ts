// Trace and span ids derived from what the events name, so the mapping needs no state and no randomness:
// the same attempt always gets the same span id, and a parent can name its child's root without asking.

/** An execution's trace id: the 32 hex digits of its `exec_` id, as the contract says. */
export function traceIdOf(executionId: string): string {
  return (executionId.startsWith('exec_') ? executionId.slice(5) : executionId.replace(/-/g, '')).toLowerCase();
}

/** An execution's root span id. */
export function rootSpanIdOf(executionId: string): string {
  return spanIdOf(`${executionId}/execution`);
}

/** A 16-hex-digit span id hashed from a key (two FNV-1a lanes); never all zeros, which OTLP treats as invalid. */
export function spanIdOf(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  const id = hex8(a) + hex8(b);
  return id === '0000000000000000' ? '0000000000000001' : id;
}

/** Two hex digits per byte value: a span id is built from four lookups a lane, not toString and padStart. */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function hex8(n: number): string {
  return BYTE_HEX[n >>> 24]! + BYTE_HEX[(n >>> 16) & 255]! + BYTE_HEX[(n >>> 8) & 255]! + BYTE_HEX[n & 255]!;
}
