import type { Route } from '../server/http-server.js';

/**
 * `GET /api/v1/alerts` and `GET /api/v1/rules` in Prometheus's shapes. Until the alert engine exists no
 * rule is evaluated, so both lists are empty; when rule files were given, a Prometheus-style `warnings`
 * entry says they are not evaluated yet rather than letting an empty list look like "all clear".
 */
export function alertsApiRoutes(ruleFiles: readonly string[]): Route[] {
  const warnings = ruleFiles.length > 0 ? [`alert rules are not evaluated yet: ${ruleFiles.length} rule file(s) not loaded`] : undefined;
  const answer = (data: object) => () => ({ status: 200, body: { status: 'success', data, ...(warnings ? { warnings } : {}) } });
  return [
    { method: 'GET', path: '/api/v1/alerts', handler: answer({ alerts: [] }) },
    { method: 'GET', path: '/api/v1/rules', handler: answer({ groups: [] }) },
  ];
}
