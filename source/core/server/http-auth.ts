// The one file that imports bcryptjs: checks a request's Authorization header against a WebConfig.
// Basic credentials are checked with bcrypt as the Prometheus exporter toolkit does (an unknown user costs a
// comparison against a dummy hash, so timing does not tell names apart); the bearer token is compared as
// SHA-256 digests in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { WebConfig } from './web-config.js';

/** Successful Basic checks remembered (by a digest of user, password and hash), so a scrape every few seconds costs no bcrypt. */
export const AUTH_CACHE_MAX = 64;

/** The realm named in WWW-Authenticate. */
const REALM = 'jamjet-top';

/** Decides whether a request may be served. */
export interface Authenticator {
  /** True when the Authorization header carries a configured user's password or the bearer token. */
  check(authorization: string | undefined): Promise<boolean>;
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
  let dummy: Promise<string> | undefined;
  const dummyHash = (): Promise<string> => (dummy ??= bcrypt.hash(randomBytes(16).toString('hex'), cost));

  const checkBasic = async (encoded: string): Promise<boolean> => {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const hash = config.basicAuthUsers.get(user);
    const key = digest(`${user}\u0000${password}\u0000${hash ?? ''}`).toString('hex');
    if (hash !== undefined && remembered.has(key)) return true;
    const ok = await bcrypt.compare(password, hash ?? (await dummyHash()));
    if (!ok || hash === undefined) return false;
    if (remembered.size >= AUTH_CACHE_MAX) remembered.delete(remembered.values().next().value!);
    remembered.add(key);
    return true;
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
      if (authorization === undefined) return false;
      const space = authorization.indexOf(' ');
      if (space < 0) return false;
      const scheme = authorization.slice(0, space).toLowerCase();
      const credentials = authorization.slice(space + 1).trim();
      if (scheme === 'bearer' && bearer) return timingSafeEqual(digest(credentials), bearer);
      if (scheme === 'basic' && config.basicAuthUsers.size > 0) return checkBasic(credentials);
      return false;
    },
  };
}
