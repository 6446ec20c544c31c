import { isIPv4, isIPv6 } from 'node:net';

/** True for an address only this machine can reach: 127.0.0.0/8, ::1 (also IPv4-mapped loopback), localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (isIPv6(h)) {
    if (h === '::1' || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(h)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped !== null && mapped[1]!.startsWith('127.');
  }
  return false;
}

/**
 * The one warning `top` and `serve` give when /metrics and the API listen beyond loopback (undefined on
 * loopback): without --web-config anyone who can reach the port reads them and can POST /-/reload; with it,
 * credentials still travel in clear text (no TLS here).
 */
export function exposureWarning(host: string, port: number, authRequired: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  const where = `serving /metrics and the API on ${host.includes(':') ? `[${host}]` : host}:${port}: reachable from other machines`;
  return authRequired
    ? `${where}; --web-config requires credentials, but they travel unencrypted (no TLS): put a TLS proxy in front`
    : `${where}, with no auth; set --web-config to require it (see jamjet serve --help)`;
}
