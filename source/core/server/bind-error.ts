/** Why a listen failed, in words an operator reads in the status bar or on stderr. */
const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'address not available on this machine',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
};

/** `host:port` as people write it, with IPv6 hosts in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The metrics server could not listen: the message is the whole story ("cannot listen on
 * 127.0.0.1:9090: address already in use"); `top` shows it in the status bar, `serve` exits 2 with it.
 */
export class BindError extends Error {
  override readonly name = 'BindError';

  constructor(
    readonly host: string,
    readonly port: number,
    /** The system error code (`EADDRINUSE`, `EACCES`, …), when there was one. */
    readonly code: string | undefined,
    detail?: string,
  ) {
    super(`cannot listen on ${hostPort(host, port)}: ${(code && REASONS[code]) ?? detail ?? code ?? 'unknown error'}`);
  }
}
