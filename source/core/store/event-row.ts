import type { TypedEvent } from '../decode/event.js';
import { normaliseExecutionId } from '../decode/execution-id.js';

/** Estimates a model call's cost in USD; undefined when the model has no known price. */
export type CostFunction = (model: string, inputTokens: number, outputTokens: number) => number | undefined;

/**
 * One event as the writer stores it: the columns, the envelope text, and the few derived facts the
 * executions table needs, computed where the typed event is at hand so the writer never re-parses JSON.
 * Plain data: it crosses to the write worker by structured clone.
 */
export interface EventRow {
  readonly executionId: string;
  readonly sequence: number;
  readonly type: string;
  /** `created_at`, epoch ms. */
  readonly time: number;
  readonly nodeId: string | null;
  readonly source: string;
  /** The envelope JSON text as received (or re-serialised from the parsed envelope). */
  readonly envelope: string;
  readonly workflowId?: string | undefined;
  readonly workflowVersion?: string | undefined;
  readonly inputTokens?: number | undefined;
  readonly outputTokens?: number | undefined;
  readonly costUsd?: number | undefined;
  readonly error?: string | undefined;
  /** The child execution a `child_workflow_*` event names, normalised; absent when it is not a valid id. */
  readonly childExecutionId?: string | undefined;
}

/** Turns a typed event into a row; `envelopeText` wins over re-serialising when a source kept the raw text. */
export function toEventRow(event: TypedEvent, source: string, costOf?: CostFunction, envelopeText?: string): EventRow {
  const kind = event.kind as { type: string; [k: string]: unknown };
  const nodeId = typeof kind['node_id'] === 'string' ? (kind['node_id'] as string) : null;
  const row: {
    -readonly [K in keyof EventRow]: EventRow[K];
  } = {
    executionId: event.executionId,
    sequence: event.sequence,
    type: kind.type,
    time: event.time,
    nodeId,
    source,
    envelope: envelopeText ?? JSON.stringify(event.envelope),
  };
  if (!event.known) return row;
  const k = event.kind;
  switch (k.type) {
    case 'workflow_started':
      row.workflowId = k.workflow_id;
      row.workflowVersion = k.workflow_version;
      break;
    case 'workflow_failed':
      row.error = k.error;
      break;
    case 'node_completed': {
      const input = k.input_tokens ?? 0;
      const output = k.output_tokens ?? 0;
      if (input > 0) row.inputTokens = input;
      if (output > 0) row.outputTokens = output;
      if (typeof k.cost_usd === 'number') row.costUsd = k.cost_usd;
      else if (k.gen_ai_model && costOf && (input > 0 || output > 0)) row.costUsd = costOf(k.gen_ai_model, input, output);
      break;
    }
    case 'child_workflow_started':
    case 'child_workflow_completed':
    case 'child_workflow_failed': {
      // Any of the three links parent and child, as in the model: the started event may be missing.
      const child = normaliseExecutionId(k.child_execution_id);
      if (child !== undefined && child !== event.executionId) row.childExecutionId = child;
      break;
    }
    default:
      break;
  }
  return row;
}

/**
 * Rows as columns, for the trip to the write worker: a structured clone of row objects writes every property name
 * of every row and makes the worker look each one up again; columns clone only the values. The fields most rows
 * lack (workflow, tokens, cost, error, child link) travel only for the rows that have them.
 */
export interface PackedRows {
  readonly executionId: readonly string[];
  readonly sequence: readonly number[];
  readonly type: readonly string[];
  readonly time: readonly number[];
  readonly nodeId: readonly (string | null)[];
  readonly source: readonly string[];
  readonly envelope: readonly string[];
  /** Row index → the row's other fields, for the few rows that have any. */
  readonly extras: ReadonlyMap<number, Partial<EventRow>>;
}

const CORE_FIELDS = new Set(['executionId', 'sequence', 'type', 'time', 'nodeId', 'source', 'envelope']);

/** Columns of `rows` (see PackedRows). */
export function packRows(rows: readonly EventRow[]): PackedRows {
  const extras = new Map<number, Partial<EventRow>>();
  rows.forEach((r, i) => {
    let extra: Record<string, unknown> | undefined;
    for (const key in r) {
      if (CORE_FIELDS.has(key)) continue;
      extra ??= {};
      extra[key] = r[key as keyof EventRow];
    }
    if (extra) extras.set(i, extra as Partial<EventRow>);
  });
  return {
    executionId: rows.map((r) => r.executionId), sequence: rows.map((r) => r.sequence), type: rows.map((r) => r.type),
    time: rows.map((r) => r.time), nodeId: rows.map((r) => r.nodeId), source: rows.map((r) => r.source), envelope: rows.map((r) => r.envelope),
    extras,
  };
}

/** The rows `packRows` was given, field for field. */
export function unpackRows(p: PackedRows): EventRow[] {
  const rows: EventRow[] = new Array<EventRow>(p.executionId.length);
  for (let i = 0; i < rows.length; i++) {
    const row: EventRow = {
      executionId: p.executionId[i]!, sequence: p.sequence[i]!, type: p.type[i]!, time: p.time[i]!, nodeId: p.nodeId[i]!,
      source: p.source[i]!, envelope: p.envelope[i]!,
    };
    const extra = p.extras.get(i);
    rows[i] = extra ? { ...row, ...extra } : row;
  }
  return rows;
}
