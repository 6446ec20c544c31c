import type { Json } from '../decode/event-kinds.js';
import { intern } from './intern.js';
import type { EvalScore } from './types.js';

/** Scorers kept per eval attempt: an output listing more is a misbehaving node, not more insight. */
export const MAX_EVAL_SCORERS = 16;

/**
 * An eval node's scorers, read from its node_completed output (`{ scorers: [{ scorer, score, passed }] }`, as
 * the runtime's EvalExecutor writes it); undefined when the output has none. Entries without a scorer name are skipped.
 */
export function evalScorers(output: Json): readonly EvalScore[] | undefined {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return undefined;
  const list = output['scorers'];
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: EvalScore[] = [];
  for (const entry of list) {
    if (out.length === MAX_EVAL_SCORERS) break;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || typeof entry['scorer'] !== 'string') continue;
    const score = entry['score'];
    const passed = entry['passed'];
    out.push(Object.freeze({
      scorer: intern(entry['scorer']),
      score: typeof score === 'number' && Number.isFinite(score) ? score : undefined,
      passed: typeof passed === 'boolean' ? passed : undefined,
    }));
  }
  return out.length === 0 ? undefined : Object.freeze(out);
}
