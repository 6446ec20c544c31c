// A protocol-v1 server for the pipeline bench and the soak, run in its own process (so serving never takes the
// measured process's time): it sends `events` events of the demo workload as recorded frames to every client as
// fast as the socket takes them, after a hello, from the client's resume cursor on. The frames are recorded once
// and kept, or with `--lazy` (the soak's million events) made as they are sent.
import { WebSocketServer, type WebSocket } from 'ws';
import { recordedFrameItems } from './decode-reduce-bench.js';

/** Bytes the server lets queue on a socket before it waits for the client to read. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

const total = Number(process.argv[2] ?? 100_000);
const lazy = process.argv.includes('--lazy');
const recorded = lazy ? [] : [...recordedFrameItems(total)];
const frames = (): Iterable<{ readonly text: string; readonly lastCursor: number }> => (lazy ? recordedFrameItems(total) : recorded);

function serve(socket: WebSocket, after: number): void {
  socket.send(JSON.stringify({ type: 'hello', protocol: 1, server: 'jamjet-bench/1', epoch: 'bench', cursor: total, oldest_cursor: 1, heartbeat_ms: 60_000, gap: false }));
  const it = frames()[Symbol.iterator]();
  const pump = (): void => {
    while (socket.readyState === socket.OPEN) {
      const next = it.next();
      if (next.done) return;
      if (next.value.lastCursor <= after) continue;
      if (socket.bufferedAmount > HIGH_WATER_BYTES) {
        // Wait for what is queued to drain: this frame's send callback says when it went out.
        socket.send(next.value.text, () => setImmediate(pump));
        return;
      }
      socket.send(next.value.text);
    }
  };
  pump();
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/v1/events' });
server.on('connection', (socket, request) => {
  const cursor = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('cursor') ?? 0);
  serve(socket, Number.isFinite(cursor) ? cursor : 0);
});
server.on('listening', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
