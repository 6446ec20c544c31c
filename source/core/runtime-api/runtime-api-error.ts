// The two ways an answer from a runtime's REST API can be wrong once it has arrived. A request that got no
// answer at all fails with fetch's own error (a TypeError whose cause has the socket's code, or a timeout).
import { httpStatusLine } from './http-status-line.js';

/** A non-2xx answer. */
export class HttpStatusError extends Error {
  constructor(readonly status: number, readonly method: string, readonly path: string) {
    super(`HTTP ${httpStatusLine(status)} from ${method} ${path}`);
    this.name = 'HttpStatusError';
  }
}

/** A 2xx answer whose body is over the cap, is not JSON, or is not the shape the route returns. */
export class BadResponseError extends Error {
  constructor(readonly method: string, readonly path: string, readonly why: string, readonly tooLarge = false) {
    super(`bad response from ${method} ${path}: ${why}`);
    this.name = 'BadResponseError';
  }
}
