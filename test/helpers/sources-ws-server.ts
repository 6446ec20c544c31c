import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';

/** A connection as the test server saw it. */
export interface TestConnection {
  readonly socket: WebSocket;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
}

/** A tiny stream-protocol test server on 127.0.0.1: the test decides what each connection gets. */
export interface TestWsServer {
  readonly url: string;
  readonly port: number;
  readonly connections: TestConnection[];
  close(): Promise<void>;
}

/** Options: `reject` answers the upgrade with an HTTP status instead of accepting it. */
export interface TestWsServerOptions {
  onConnection?: (conn: TestConnection) => void;
  reject?: (req: IncomingMessage) => number | undefined;
}

/** Starts a websocket server at a free port; `/v1/events` is the path clients should use. */
export async function startTestWsServer(opts: TestWsServerOptions): Promise<TestWsServer> {
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const connections: TestConnection[] = [];
  http.on('upgrade', (req, socket, head) => {
    const status = opts.reject?.(req);
    if (status !== undefined) {
      socket.end(`HTTP/1.1 ${status} Nope\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{"error":"no"}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = { socket: ws, url: new URL(req.url ?? '/', 'http://x'), headers: req.headers };
      connections.push(conn);
      opts.onConnection?.(conn);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/v1/events`,
    port,
    connections,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A hello frame as text. */
export function helloFrame(epoch: string, cursor: number, heartbeatMs = 5000, gap = false, oldest = 1): string {
  return JSON.stringify({ type: 'hello', protocol: 1, server: 'test/0', epoch, cursor, oldest_cursor: oldest, heartbeat_ms: heartbeatMs, gap });
}

/** A valid JamJet envelope for tests (`node_scheduled`), hyphenated id as the runtime sends it. */
export function envelope(execHex: string, sequence: number, createdAt = '2026-03-14T09:21:17.000Z'): Record<string, unknown> {
  const h = execHex.padStart(32, '0');
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  const idHex = (sequence.toString(16) + h).slice(0, 32);
  return {
    id: `${idHex.slice(0, 8)}-${idHex.slice(8, 12)}-4${idHex.slice(13, 16)}-8${idHex.slice(17, 20)}-${idHex.slice(20)}`,
    execution_id: uuid,
    sequence,
    kind: { type: 'node_scheduled', node_id: `n${sequence}`, queue_type: 'general' },
    created_at: createdAt,
  };
}

/** An events frame for (cursor, envelope) pairs. */
export function eventsFrame(items: [number, Record<string, unknown>][]): string {
  return JSON.stringify({ type: 'events', events: items.map(([cursor, event]) => ({ cursor, event })) });
}
