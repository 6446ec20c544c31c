// The one file that imports bcryptjs: checks a request's Authorization header against a WebConfig.
// Basic credentials are checked with bcrypt as the Prometheus exporter toolkit does (an unknown user costs a
// comparison against a dummy hash, so timing does not tell names apart); the bearer token is compared as
// SHA-256 digests in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { WebConfig } from './web-config.js';

/** Successful Basic checks remembered (by a digest of user, password and hash), so a scrape every few seconds costs no bcrypt. */
export const AUTH_CACHE_MAX = 64;

/**
 * bcrypt comparisons running at once. A bcrypt check is deliberately slow CPU work on the ingest thread: past this,
 * a request with credentials not yet remembered is answered 503 at once rather than queued, so a flood of guesses
 * cannot starve ingest (a scraper whose credentials are remembered is never turned away).
 */
export const AUTH_MAX_PENDING_CHECKS = 4;

/** What a check decided: serve it, 401, or 503 (too many checks running). */
export type AuthOutcome = 'ok' | 'denied' | 'busy';

/** The realm named in WWW-Authenticate. */
const REALM = 'jamjet-top';

/** Decides whether a request may be served. */
export interface Authenticator {
  /** `ok` when the Authorization header carries a configured user's password or the bearer token. */
  check(authorization: string | undefined): Promise<AuthOutcome>;
  /** The WWW-Authenticate challenges of a 401, one per scheme configured. */
  readonly challenges: readonly string[];
  /** Good credentials remembered now (at most {@link AUTH_CACHE_MAX}). */
  readonly remembered: number;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Builds the authenticator of a web configuration. */
export function createAuthenticator(config: WebConfig): Authenticator {
  const bearer = config.bearerToken === undefined ? undefined : digest(config.bearerToken);
  const remembered = new Set<string>();
  // Same cost as the configured hashes, so an unknown user takes as long as a wrong password.
  const cost = Math.max(4, ...[...config.basicAuthUsers.values()].map((h) => Number(h.slice(4, 6))));
  // Made at once (off the request path), so the first unknown user costs no more than the next.
  const dummy = config.basicAuthUsers.size > 0 ? bcrypt.hash(randomBytes(16).toString('hex'), cost) : undefined;
  let pending = 0;

  const checkBasic = async (encoded: string): Promise<AuthOutcome> => {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'denied';
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const hash = config.basicAuthUsers.get(user);
    const key = digest(`${user}\u0000${password}\u0000${hash ?? ''}`).toString('hex');
    if (hash !== undefined && remembered.has(key)) return 'ok';
    if (pending >= AUTH_MAX_PENDING_CHECKS) return 'busy';
    pending++;
    let ok: boolean;
    try {
      ok = await bcrypt.compare(password, hash ?? (await dummy!));
    } finally {
      pending--;
    }
    if (!ok || hash === undefined) return 'denied';
    if (remembered.size >= AUTH_CACHE_MAX) remembered.delete(remembered.values().next().value!);
    remembered.add(key);
    return 'ok';
  };

  return {
    challenges: [
      ...(config.basicAuthUsers.size > 0 ? [`Basic realm="${REALM}", charset="UTF-8"`] : []),
      ...(bearer ? [`Bearer realm="${REALM}"`] : []),
    ],
    get remembered() {
      return remembered.size;
    },
    async check(authorization) {
      if (authorization === undefined) return 'denied';
      const space = authorization.indexOf(' ');
      if (space < 0) return 'denied';
      const scheme = authorization.slice(0, space).toLowerCase();
      const credentials = authorization.slice(space + 1).trim();
      if (scheme === 'bearer' && bearer) return timingSafeEqual(digest(credentials), bearer) ? 'ok' : 'denied';
      if (scheme === 'basic' && config.basicAuthUsers.size > 0) return checkBasic(credentials);
      return 'denied';
    },
  };
}
