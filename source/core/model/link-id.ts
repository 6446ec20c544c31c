import { normaliseExecutionId } from '../decode/execution-id.js';

/**
 * The id to link executions by, for ids found inside events (`child_execution_id`,
 * `next_execution_id`) that may be `exec_` + 32 hex or a hyphenated UUID: the normalised `exec_` form
 * when valid, else the raw string (which then links to nothing).
 */
export function linkId(id: string): string {
  return normaliseExecutionId(id) ?? id;
}
