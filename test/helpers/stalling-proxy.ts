// A TCP proxy for fault tests: forwards bytes both ways until told to stall, then swallows them on the connections
// open at that moment without ever closing them (a network path that died silently). New connections forward.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

interface Pair { client: Socket; upstream: Socket; stalled: boolean }

export class StallingProxy {
  private readonly pairs = new Set<Pair>();
  private readonly server = createServer((client) => this.accept(client));
  /** Bytes swallowed on stalled connections (proof that the peer kept sending into the void). */
  swallowed = 0;
  /** Connections accepted in all. */
  accepted = 0;
  port = 0;

  private constructor(private readonly targetPort: number) {}

  /** Listens on a free loopback port and forwards each connection to `targetPort`. */
  static async start(targetPort: number): Promise<StallingProxy> {
    const proxy = new StallingProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  /** Stops forwarding on every connection open now; they stay open. Returns how many were stalled. */
  stallOpen(): number {
    for (const p of this.pairs) p.stalled = true;
    return this.pairs.size;
  }

  /** Stalled connections still open (the proxy never closes one itself: only a peer can). */
  stalledOpen(): number {
    return [...this.pairs].filter((p) => p.stalled).length;
  }

  async close(): Promise<void> {
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket): void {
    this.accepted++;
    const pair: Pair = { client, upstream: connect(this.targetPort, '127.0.0.1'), stalled: false };
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket): void => {
      from.on('data', (chunk: Buffer) => {
        if (pair.stalled) this.swallowed += chunk.length;
        else to.write(chunk);
      });
      const end = (): void => {
        this.pairs.delete(pair);
        to.destroy();
      };
      from.on('close', end);
      from.on('error', end);
    };
    forward(pair.client, pair.upstream);
    forward(pair.upstream, pair.client);
  }
}
