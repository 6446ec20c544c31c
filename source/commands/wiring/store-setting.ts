import type { ResolvedConfig } from '../../core/config/load-config.js';

/**
 * Names a store path in a one-line message the way the user chose it: `--db PATH`, `FILE: [top] db PATH`,
 * `--db PATH (the default)`, or `store PATH` for the state-directory fallback.
 */
export function storeSetting(config: Pick<ResolvedConfig, 'db' | 'dbOrigin' | 'configPath'>, path: string): string {
  if (path !== config.db) return `store ${path}`;
  if (config.dbOrigin === 'file' && config.configPath !== undefined) return `${config.configPath}: [top] db ${path}`;
  return config.dbOrigin === 'default' ? `--db ${path} (the default)` : `--db ${path}`;
}
