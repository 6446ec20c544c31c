/** Largest buffer kept between answers; a body past it is encoded into a buffer of its own, dropped once sent. */
export const HTTP_KEPT_BODY_BYTES = 16 * 1024 * 1024;

/** A body's bytes, and what to call once they have gone out (or the connection is gone): the buffer may then be reused. */
export interface EncodedBody {
  readonly bytes: Buffer;
  release(): void;
}

/**
 * Encodes a text body given in parts into one buffer that is kept for the next answer once this one has been sent.
 * A scrape body is most of a megabyte: encoding it into a fresh buffer, or joining its parts into one string first
 * (which V8 copies into a fresh string of that size), costs a large allocation per scrape whose pages the kernel must
 * fault in, and on a small VM that is most of what a scrape costs beyond prom-client's serialisation.
 * An answer still being written keeps its buffer; one encoded meanwhile gets a fresh one.
 */
export class BodyBuffer {
  private kept: Buffer | undefined;

  constructor(private readonly maxKept = HTTP_KEPT_BODY_BYTES) {}

  /** The parts' UTF-8 bytes, in order, in the kept buffer when it is free and large enough. */
  encode(parts: readonly string[]): EncodedBody {
    let size = 0;
    for (const part of parts) size += Buffer.byteLength(part, 'utf8');
    let buffer: Buffer;
    if (this.kept && this.kept.length >= size) {
      buffer = this.kept;
      this.kept = undefined;
    } else {
      // A quarter of headroom, so a body that grows a little per scrape does not reallocate on each; the kept
      // buffer stays until a larger one comes back.
      buffer = Buffer.allocUnsafeSlow(size > this.maxKept ? size : Math.min(this.maxKept, Math.ceil(size * 1.25)));
    }
    let offset = 0;
    for (const part of parts) offset += buffer.write(part, offset, 'utf8');
    const taken = buffer;
    let released = false;
    return {
      bytes: taken.subarray(0, offset),
      release: () => {
        if (released) return;
        released = true;
        if (taken.length <= this.maxKept && (!this.kept || this.kept.length < taken.length)) this.kept = taken;
      },
    };
  }
}
