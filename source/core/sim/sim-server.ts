import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { SimRuntime } from './sim-runtime.js';
import type { SimStats } from './sim-stats.js';
import { authError, createSimRouter, isViewer } from './sim-http.js';
import { serveStream, type SimFaults } from './sim-stream.js';

/** Default heartbeat interval of the stream. */
export const SIM_HEARTBEAT_MS = 5_000;

/** How to run the embedded demo runtime; every field has a default. */
export interface SimOptions {
  /** 0 (default) = any free port. */
  port?: number;
  host?: string;
  seed?: number;
  rate?: number;
  executions?: number;
  speed?: number;
  /** Require `Authorization: Bearer <token>` on everything but /health. */
  token?: string;
  /** A second token with the runtime's `viewer` role: it reads, and its writes get the runtime's 403. */
  viewerToken?: string;
  clock?: Clock;
  /** Virtual start time of the workload (default: clock.now()). */
  startTime?: number;
  /** Workload already played at start (see SimRuntimeOptions.historyMs). */
  historyMs?: number;
  heartbeatMs?: number;
  /** Override SIM_STREAM_BUFFER_CAP (tests). */
  streamBufferCap?: number;
  /** Override SIM_FINISHED_EXECUTIONS_CAP (tests). */
  finishedExecutionsCap?: number;
  faults?: SimFaults;
}

/** A running sim server. */
export interface SimHandle {
  port: number;
  httpUrl: string;
  wsUrl: string;
  stats(): SimStats;
  close(): Promise<void>;
  runtime: SimRuntime;
}

function refuse(socket: Duplex, status: number, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** Starts the sim: the runtime plus a loopback HTTP server with JamJet's REST routes and stream protocol v1 at /v1/events. */
export async function startSim(opts: SimOptions = {}): Promise<SimHandle> {
  const clock = opts.clock ?? systemClock();
  const runtime = new SimRuntime({
    clock, seed: opts.seed, rate: opts.rate, executions: opts.executions, speed: opts.speed, startTime: opts.startTime, historyMs: opts.historyMs,
    streamBufferCap: opts.streamBufferCap, finishedExecutionsCap: opts.finishedExecutionsCap,
  });
  const epoch = randomBytes(8).toString('hex');
  const server = createServer(createSimRouter(runtime, opts.token, opts.viewerToken));
  const wss = new WebSocketServer({ noServer: true });
  const streams = new Set<() => void>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname !== '/v1/events') return refuse(socket, 404, `no websocket at ${url.pathname}`);
    const err = isViewer(req.headers.authorization, opts.viewerToken) ? null : authError(req.headers.authorization, opts.token);
    if (err !== null) return refuse(socket, 401, err);
    const protocol = url.searchParams.get('protocol');
    if (protocol !== null && protocol !== '1') return refuse(socket, 400, `unsupported protocol ${protocol}; this server speaks 1`);
    const raw = url.searchParams.get('cursor');
    if (raw !== null && !/^\d+$/.test(raw)) return refuse(socket, 400, 'cursor must be a non-negative integer');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stop = serveStream(ws, {
        runtime, clock, epoch, heartbeatMs: opts.heartbeatMs ?? SIM_HEARTBEAT_MS,
        cursor: raw === null ? undefined : Number(raw), faults: opts.faults ?? {},
      });
      streams.add(stop);
      ws.on('close', () => streams.delete(stop));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  runtime.start();
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  return {
    port,
    httpUrl: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/v1/events`,
    stats: () => runtime.stats(),
    runtime,
    async close() {
      runtime.stop();
      for (const stop of streams) stop();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
