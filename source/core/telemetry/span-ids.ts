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

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
