// A stand-in Alertmanager on 127.0.0.1 for the notifier's unit tests: it records every POST and answers
// with the status a test chooses, optionally holding responses until the test releases them.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as received. */
export interface ReceivedPost {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface FakeAlertmanager {
  readonly url: string;
  readonly port: number;
  readonly posts: ReceivedPost[];
  /** The status for the n-th request (0-based); 200 unless set. */
  status: (n: number) => number;
  /** While true, responses wait until {@link release}. */
  hold: boolean;
  /** Answers every held request. */
  release(): void;
  /** The `alertname` of every alert received, in order. */
  alertnames(): string[];
  close(): Promise<void>;
}

/** Starts one on `port` (0: a free one). */
export async function startFakeAlertmanager(port = 0): Promise<FakeAlertmanager> {
  const held: (() => void)[] = [];
  const fake: FakeAlertmanager = {
    url: '',
    port: 0,
    posts: [],
    status: () => 200,
    hold: false,
    release() {
      for (const answer of held.splice(0)) answer();
    },
    alertnames() {
      return fake.posts.flatMap((p) => (p.body as { labels: Record<string, string> }[]).map((a) => a.labels.alertname ?? ''));
    },
    close: async () => undefined,
  };
  const answer = (res: ServerResponse, status: number): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '' : JSON.stringify(`forced ${status}`));
  };
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d: string) => (text += d));
    req.on('end', () => {
      const n = fake.posts.length;
      fake.posts.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: JSON.parse(text || 'null') as unknown });
      const status = fake.status(n);
      if (fake.hold) held.push(() => answer(res, status));
      else answer(res, status);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  Object.assign(fake, {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () => {
      fake.release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return fake;
}
