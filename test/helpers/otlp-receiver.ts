// An in-process OTLP trace receiver for tests, over HTTP/protobuf and gRPC. It decodes requests with the
// official opentelemetry-proto definitions (vendored in test/fixtures/otlp-proto) through protobufjs, never
// with the exporter's own serialiser, so a test sees what a real collector would.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';

const PROTO_DIR = fileURLToPath(new URL('../../../test/fixtures/otlp-proto/', import.meta.url));
const SERVICE = 'opentelemetry/proto/collector/trace/v1/trace_service.proto';

/** One received span, flattened: ids in hex, times in nanoseconds as decimal strings, attributes as plain values. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly startNs: string;
  readonly endNs: string;
  readonly attributes: Record<string, unknown>;
  readonly events: { name: string; timeNs: string; attributes: Record<string, unknown> }[];
  readonly links: { traceId: string; spanId: string }[];
  readonly status: { code: number; message: string };
  readonly resource: Record<string, unknown>;
}

function loadTypes(): { request: protobuf.Type; response: protobuf.Type } {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  root.loadSync(SERVICE);
  return {
    request: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    response: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
  };
}

type Obj = Record<string, unknown>;

function anyValue(v: Obj | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) return ((v.arrayValue as Obj).values as Obj[] | undefined ?? []).map(anyValue);
  return undefined;
}

function attributes(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of (list as Obj[] | undefined) ?? []) out[kv.key as string] = anyValue(kv.value as Obj);
  return out;
}

const hex = (b: unknown): string => (b === undefined ? '' : Buffer.from(b as Uint8Array).toString('hex'));

/** Flattens one decoded ExportTraceServiceRequest into spans. */
function flatten(request: protobuf.Type, message: protobuf.Message): ReceivedSpan[] {
  const o = request.toObject(message, { longs: String, bytes: Buffer }) as Obj;
  const out: ReceivedSpan[] = [];
  for (const rs of (o.resourceSpans as Obj[] | undefined) ?? []) {
    const resource = attributes((rs.resource as Obj | undefined)?.attributes);
    for (const ss of (rs.scopeSpans as Obj[] | undefined) ?? []) {
      for (const s of (ss.spans as Obj[] | undefined) ?? []) {
        out.push({
          traceId: hex(s.traceId), spanId: hex(s.spanId), parentSpanId: hex(s.parentSpanId), name: s.name as string, kind: (s.kind as number | undefined) ?? 0,
          startNs: String(s.startTimeUnixNano), endNs: String(s.endTimeUnixNano), attributes: attributes(s.attributes),
          events: ((s.events as Obj[] | undefined) ?? []).map((e) => ({ name: e.name as string, timeNs: String(e.timeUnixNano), attributes: attributes(e.attributes) })),
          links: ((s.links as Obj[] | undefined) ?? []).map((l) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId) })),
          status: { code: ((s.status as Obj | undefined)?.code as number | undefined) ?? 0, message: ((s.status as Obj | undefined)?.message as string | undefined) ?? '' },
          resource,
        });
      }
    }
  }
  return out;
}

/** A running receiver: the spans and request headers it got, and a way to take it down and back up on the same port. */
export interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  readonly headers: Record<string, string>[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/** Starts an OTLP/HTTP protobuf receiver on a free loopback port (POST /v1/traces). */
export async function startHttpReceiver(): Promise<OtlpReceiver> {
  const types = loadTypes();
  const spans: ReceivedSpan[] = [];
  const headers: Record<string, string>[] = [];
  let server: Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    const s = createServer((req, res) => {
      void body(req).then((buf) => {
        if (req.url !== '/v1/traces' || req.headers['content-type'] !== 'application/x-protobuf') {
          res.writeHead(415).end();
          return;
        }
        headers.push(Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])));
        spans.push(...flatten(types.request, types.request.decode(buf)));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from(types.response.encode({}).finish()));
      });
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return { url: `http://127.0.0.1:${port}`, spans, headers, down: stop, up: listen, close: stop };
}

/** Starts an OTLP/gRPC receiver (TraceService/Export) on a free loopback port. */
export async function startGrpcReceiver(): Promise<OtlpReceiver> {
  const types = loadTypes();
  const spans: ReceivedSpan[] = [];
  const headers: Record<string, string>[] = [];
  const definition: grpc.ServiceDefinition = {
    Export: {
      path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', requestStream: false, responseStream: false,
      requestSerialize: (m: protobuf.Message) => Buffer.from(types.request.encode(m).finish()),
      requestDeserialize: (b: Buffer) => types.request.decode(b),
      responseSerialize: (m: protobuf.Message) => Buffer.from(types.response.encode(m).finish()),
      responseDeserialize: (b: Buffer) => types.response.decode(b),
    },
  };
  let server: grpc.Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    const s = new grpc.Server();
    s.addService(definition, {
      Export: (call: grpc.ServerUnaryCall<protobuf.Message, protobuf.Message>, cb: grpc.sendUnaryData<protobuf.Message>) => {
        headers.push(Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)])));
        spans.push(...flatten(types.request, call.request));
        cb(null, types.response.create({}));
      },
    });
    port = await new Promise<number>((resolve, reject) => s.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    server = s;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (s) s.forceShutdown();
    await Promise.resolve();
  };
  await listen();
  return { url: `http://127.0.0.1:${port}`, spans, headers, down: stop, up: listen, close: stop };
}
