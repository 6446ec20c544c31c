/** Why the store could not do what was asked. */
export type StoreErrorCode = 'not_a_database' | 'corrupt' | 'locked' | 'cannot_open' | 'too_new' | 'io';

/**
 * A store failure with a one-line message fit for a terminal (`cannot open .jamjet/top.db: file is not a
 * database`). Commands print `message` and exit; they never show a stack.
 */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly path: string;

  constructor(code: StoreErrorCode, path: string, message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.path = path;
  }
}
