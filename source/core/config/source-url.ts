// Light checks on where events come from; the sources themselves do the real connecting and will
// report what goes wrong there. Here we only catch the typo before anything starts.

/** What a source value may be, worded for error messages. */
export const SOURCE_URL_EXPECTED = 'a ws://, wss://, http:// or https:// URL, a path ending .jsonl, or "-" for stdin';

const SOURCE_SCHEMES = new Set(['ws:', 'wss:', 'http:', 'https:']);

/** True when a value names an event source: a ws/wss/http/https URL with a host, a .jsonl path, or "-". */
export function isSourceUrl(value: string): boolean {
  if (value === '-') return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return isUrlWithScheme(value, SOURCE_SCHEMES);
  return value.toLowerCase().endsWith('.jsonl');
}

/** True when a value is an http:// or https:// URL with a host (an OTLP endpoint). */
export function isHttpUrl(value: string): boolean {
  return isUrlWithScheme(value, new Set(['http:', 'https:']));
}

function isUrlWithScheme(value: string, schemes: ReadonlySet<string>): boolean {
  try {
    const url = new URL(value);
    return schemes.has(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Splits an environment list such as JAMJET_URL="ws://a/v1/events, ws://b/v1/events" on commas and spaces. */
export function splitUrlList(value: string): string[] {
  return value.split(/[\s,]+/).filter((s) => s !== '');
}

/** Hides user:password@ in a URL-looking value so an error message never repeats credentials. */
export function redactCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
}
