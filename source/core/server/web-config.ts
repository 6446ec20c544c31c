// `--web-config FILE`: who may use the HTTP endpoints, in the shape of the Prometheus exporter toolkit's web
// configuration file (basic_auth_users with bcrypt hashes), plus one jamjet extension (bearer_token_file).
// TLS is not served here: a file that asks for it is refused rather than silently served in clear text.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { ConfigError, formatPlace } from '../config/config-error.js';

/** What the endpoints require: any one of the users' passwords (Basic) or the bearer token. */
export interface WebConfig {
  /** The file it was read from, as given. */
  readonly file: string;
  /** User name → bcrypt hash of the password. */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  /** The bearer token read from bearer_token_file (trimmed), when there is one. */
  readonly bearerToken?: string | undefined;
}

/** A bcrypt hash as htpasswd -B, Python's bcrypt and Go's x/crypto/bcrypt write it: $2a$, $2b$ or $2y$, cost, 53 characters. */
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/** The keys of the exporter toolkit's file that jamjet-top refuses, with why. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  tls_server_config: 'TLS is not supported by jamjet-top; terminate TLS in a reverse proxy (nginx, Caddy) in front of it and keep it on loopback, or remove the key',
  http_server_config: 'HTTP/2 settings and extra headers are not supported by jamjet-top; remove the key',
};

const KNOWN = ['basic_auth_users', 'bearer_token_file'];

/** Reads and checks a web configuration file; throws ConfigError (exit 2) with file:line:col. */
export function loadWebConfig(file: string, cwd: string, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): WebConfig {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new ConfigError(`--web-config: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file, key: '--web-config' });
  }
  return parseWebConfig(file, text, (p) => readFile(isAbsolute(p) ? p : resolve(dirname(path), p)));
}

/** Parses a web configuration file's text; `readFile` reads bearer_token_file (relative paths from the file's folder). */
export function parseWebConfig(file: string, text: string, readFile: (path: string) => string): WebConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const fail = (offset: number, message: string, key?: string): never => {
    const { line, col } = lines.linePos(offset);
    throw new ConfigError(`${formatPlace(file, line, col)}${message}`, { file, line, column: col, key });
  };
  const at = (node: Node | null | undefined): number => node?.range?.[0] ?? 0;
  if (doc.errors.length > 0) fail(doc.errors[0]!.pos[0], doc.errors[0]!.message.split(' at line ')[0]!);
  const root = doc.contents;
  if (!isMap(root)) fail(at(root as Node | null), 'a web config file must be a map with basic_auth_users and/or bearer_token_file');
  const users = new Map<string, string>();
  let bearerToken: string | undefined;
  for (const pair of (root as { items: Pair[] }).items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as Node | null;
    if (key in UNSUPPORTED) fail(at(keyNode), `${key}: ${UNSUPPORTED[key]}`, key);
    if (key === 'basic_auth_users') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) fail(at(value), 'basic_auth_users: expected a map of user name to bcrypt hash', key);
      for (const user of (value as { items: Pair[] }).items) {
        const nameNode = user.key as Node;
        const name = isScalar(nameNode) ? String(nameNode.value) : '';
        const hashNode = user.value as Node | null;
        if (name === '' || name.includes(':')) fail(at(nameNode), 'basic_auth_users: a user name must be non-empty and hold no colon', key);
        const hash = isScalar(hashNode) && typeof hashNode.value === 'string' ? hashNode.value : undefined;
        // Never echo the value: a plain password written where the hash belongs is a secret too.
        if (hash === undefined || !BCRYPT_HASH.test(hash)) {
          fail(at(hashNode ?? nameNode), `basic_auth_users.${name}: expected a bcrypt hash ($2y$10$ then 53 characters, as htpasswd -nB writes it), got a value that is not one (not shown)`, key);
        }
        users.set(name, hash!);
      }
    } else if (key === 'bearer_token_file') {
      const target = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
      if (target === undefined || target === '') fail(at(value ?? keyNode), 'bearer_token_file: expected the path of a file holding the token', key);
      let token: string;
      try {
        token = readFile(target!).trim();
      } catch (error) {
        fail(at(value), `bearer_token_file: cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, key);
      }
      if (token! === '') fail(at(value), `bearer_token_file: ${target} is empty`, key);
      // eslint-disable-next-line no-control-regex -- a header value cannot hold control characters
      if (/[\u0000-\u001f\u007f]/.test(token!)) fail(at(value), `bearer_token_file: the token in ${target} holds a control character (a line break inside it?)`, key);
      bearerToken = token!;
    } else {
      fail(at(keyNode), `unknown key ${JSON.stringify(key)} (expected ${KNOWN.join(' or ')})`, key);
    }
  }
  if (users.size === 0 && bearerToken === undefined) {
    fail(at(root as Node), 'sets no basic_auth_users and no bearer_token_file: it would require nothing (leave --web-config out to serve without auth)');
  }
  return { file, basicAuthUsers: users, bearerToken };
}
