/** The path Alertmanager's v2 API takes alerts on, appended to a base URL. */
export const ALERTS_PATH = '/api/v2/alerts';

/**
 * The URL alerts are POSTed to, from a user-given Alertmanager URL: a base URL (`http://am:9093`, or one
 * with a path prefix such as `http://host/alertmanager`) gets `/api/v2/alerts` appended, as Prometheus's
 * `path_prefix` does; a URL already ending in it is kept. Throws a message naming the problem otherwise.
 */
export function alertmanagerEndpoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(url)} (expected e.g. http://127.0.0.1:9093)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`an Alertmanager URL must be http:// or https://, not ${parsed.protocol}//`);
  }
  if (parsed.hash) throw new Error(`an Alertmanager URL takes no #fragment: ${JSON.stringify(parsed.hash)}`);
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith(ALERTS_PATH) ? path : `${path}${ALERTS_PATH}`;
  return parsed.toString();
}
