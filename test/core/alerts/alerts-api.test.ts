import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alertsApiRoutes } from '../../../source/core/alerts/alerts-api.js';
import { startHttpServer } from '../../../source/core/server/http-server.js';

async function serveRoutes(ruleFiles: string[]): Promise<{ get: (path: string) => Promise<unknown>; close: () => Promise<void> }> {
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    metrics: { render: async () => ({ contentType: 'text/plain', body: '' }) },
    health: () => ({ status: 'ok', sources: [] }),
    extraRoutes: alertsApiRoutes(ruleFiles),
  });
  return { get: async (path) => (await fetch(`${server.url}${path}`)).json(), close: () => server.close() };
}

describe('the alerts API before the alert engine exists', () => {
  test('answers in Prometheus\'s shapes with empty lists when no rules are configured', async () => {
    const s = await serveRoutes([]);
    try {
      assert.deepEqual(await s.get('/api/v1/alerts'), { status: 'success', data: { alerts: [] } });
      assert.deepEqual(await s.get('/api/v1/rules'), { status: 'success', data: { groups: [] } });
    } finally {
      await s.close();
    }
  });

  test('warns, in the response, that configured rule files are not evaluated: an empty list must not read as all clear', async () => {
    const s = await serveRoutes(['a.yml', 'b.yml']);
    try {
      const body = (await s.get('/api/v1/alerts')) as { warnings?: string[] };
      assert.deepEqual(body.warnings, ['alert rules are not evaluated yet: 2 rule file(s) not loaded']);
    } finally {
      await s.close();
    }
  });
});
