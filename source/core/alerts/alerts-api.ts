import type { Route, RouteResponse } from '../server/http-server.js';
import { alertsResponse, rulesResponse } from './engine/api-shapes.js';
import type { RuleGroupView } from './engine/rule-view.js';
import { formatPromFloat } from './format-prom-float.js';
import { PromQLError, type InstantValue, type Labels } from './promql/types.js';

/** What the HTTP API reads of the alert engine, and how it asks for a reload. */
export interface AlertsApiSource {
  groups(): RuleGroupView[];
  query(text: string, t: number): InstantValue;
  /** Reloads the rule files; resolves with the error text when they did not load (the old rules stay). */
  reload(): Promise<string | undefined>;
  now(): number;
}

const ok = (data: object): RouteResponse => ({ status: 200, body: { status: 'success', data } });
const fail = (status: number, errorType: string, error: string): RouteResponse => ({ status, body: { status: 'error', errorType, error } });

/** Prometheus's `time` parameter: Unix seconds (fractions allowed) or RFC 3339. */
function parseTime(text: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

const seconds = (t: number): number => t / 1000;
const metric = (labels: Labels): Labels => labels;

/** An instant value in the JSON shape of Prometheus's query API. */
export function queryData(value: InstantValue, t: number): object {
  switch (value.type) {
    case 'scalar':
    case 'string':
      return { resultType: value.type, result: [seconds(t), value.type === 'scalar' ? formatPromFloat(value.v) : value.v] };
    case 'vector':
      return { resultType: 'vector', result: value.samples.map((s) => ({ metric: metric(s.labels), value: [seconds(t), formatPromFloat(s.v)] })) };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: value.series.map((s) => ({ metric: metric(s.labels), values: s.samples.map((p) => [seconds(p.t), formatPromFloat(p.v)]) })),
      };
  }
}

/**
 * `GET /api/v1/alerts`, `GET /api/v1/rules` (`?type=alert|record`), `GET /api/v1/query` (`query`, `time`)
 * and `POST /-/reload`, in Prometheus's shapes and status codes, so Grafana can use the tool as a
 * Prometheus data source for instant panels and scripts written against Prometheus work unchanged.
 */
export function alertsApiRoutes(source: AlertsApiSource): Route[] {
  return [
    { method: 'GET', path: '/api/v1/alerts', handler: () => alertsResponse(source.groups()) as RouteResponse },
    { method: 'GET', path: '/api/v1/rules', handler: (req) => rulesResponse(source.groups(), req.query.type) as RouteResponse },
    {
      method: 'GET',
      path: '/api/v1/query',
      handler: (req) => {
        const text = req.query.query;
        if (text === undefined || text === '') return fail(400, 'bad_data', 'invalid parameter "query": no query given');
        const t = req.query.time === undefined ? source.now() : parseTime(req.query.time);
        if (t === undefined) return fail(400, 'bad_data', `invalid parameter "time": cannot parse ${JSON.stringify(req.query.time)} to a valid timestamp`);
        try {
          return ok(queryData(source.query(text, t), t));
        } catch (error) {
          if (error instanceof PromQLError) return fail(400, 'bad_data', `invalid parameter "query": ${error.position.line}:${error.position.column}: parse error: ${error.message}`);
          return fail(422, 'execution', error instanceof Error ? error.message : String(error));
        }
      },
    },
    {
      method: 'POST',
      path: '/-/reload',
      handler: async () => {
        const error = await source.reload();
        return error === undefined ? { status: 200, body: '' } : { status: 500, body: `failed to reload config: ${error}\n` };
      },
    },
  ];
}
