/** Why the store could not do what was asked. */
export type StoreErrorCode =
  | 'not_a_database'
  | 'corrupt'
  | 'locked'
  | 'cannot_open'
  | 'too_new'
  | 'too_old'
  | 'is_directory'
  | 'not_a_directory'
  | 'permission_denied'
  | 'read_only'
  | 'io';

/**
 * A store failure with a one-line message fit for a terminal (`cannot open .jamjet/top.db: file is not a
 * database`). Commands print `message`, or their own line around `reason` and `path`; they never show a stack.
 */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly path: string;
  /** The message without the action and path (`is a directory`), for lines that name the path their own way. */
  readonly reason: string;

  constructor(code: StoreErrorCode, path: string, message: string, reason = message) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.path = path;
    this.reason = reason;
  }
}

/** A StoreError whose message is `<what> <path>: <reason>`. */
export function storeError(code: StoreErrorCode, path: string, what: string, reason: string): StoreError {
  return new StoreError(code, path, `${what} ${path}: ${reason}`, reason);
}

const LOCATION_CODES: ReadonlySet<StoreErrorCode> = new Set(['cannot_open', 'is_directory', 'not_a_directory', 'permission_denied', 'read_only']);

/**
 * True when the error is about where the store is (a folder that cannot be created or written, a path that
 * is a directory), not about what is in it (corrupt, locked, another schema): only the former may be
 * answered by storing somewhere else.
 */
export function isLocationError(error: StoreError): boolean {
  return LOCATION_CODES.has(error.code);
}
