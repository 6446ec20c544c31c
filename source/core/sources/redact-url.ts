/** Query parameters whose values are credentials and never shown. */
const SECRET_PARAMS = new Set(['token', 'access_token', 'key', 'api_key', 'apikey', 'auth', 'password', 'secret']);

/** A URL safe to display or log: userinfo dropped, token-like query values replaced by `***`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL (a file path or `-`): nothing to strip.
    return url;
  }
  if (parsed.protocol === 'file:') return url;
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.has(name.toLowerCase())) parsed.searchParams.set(name, '***');
  }
  return parsed.toString();
}
