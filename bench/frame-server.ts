// A protocol-v1 server for the pipeline bench, run in its own process (so serving never takes the measured
// process's time): it records `events` frames of the demo workload once, then sends them to every client as
// fast as the socket takes them, after a hello, from the client's resume cursor on.
import { WebSocketServer, type WebSocket } from 'ws';
import { recordedFrames } from './decode-reduce-bench.js';

/** Bytes the server lets queue on a socket before it waits for the client to read. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

const total = Number(process.argv[2] ?? 100_000);
const frames = [...recordedFrames(total)];
/** The last cursor of each frame, to resume after a cursor. */
const lastCursor = frames.map((f) => (JSON.parse(f) as { events: Array<{ cursor: number }> }).events.at(-1)!.cursor);

function serve(socket: WebSocket, after: number): void {
  socket.send(JSON.stringify({ type: 'hello', protocol: 1, server: 'jamjet-bench/1', epoch: 'bench', cursor: total, oldest_cursor: 1, heartbeat_ms: 60_000, gap: false }));
  let i = lastCursor.findIndex((c) => c > after);
  if (i < 0) return;
  const pump = (): void => {
    while (i < frames.length && socket.readyState === socket.OPEN) {
      const last = i === frames.length - 1;
      if (socket.bufferedAmount > HIGH_WATER_BYTES) {
        // Wait for what is queued to drain: the send callback of a small marker says when it went out.
        socket.send(frames[i++]!, () => setImmediate(pump));
        return;
      }
      socket.send(frames[i++]!);
      if (last) return;
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
