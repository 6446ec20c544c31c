// The error evaluation throws: a query that parsed but cannot be answered on this data.

/** A runtime PromQL error, e.g. many-to-many matching or two output series with one label set. */
export class PromQLEvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromQLEvalError';
  }
}
