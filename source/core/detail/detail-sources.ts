import type { ExecutionTree } from '../model/types.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import type { SnapshotContributors } from '../snapshot/snapshot.js';
import { EventJournal } from './event-journal.js';
import { NodeDurationSketches } from './node-duration-stats.js';

/** The two sinks behind the execution detail and the contributors that read them. */
export interface DetailSources {
  readonly journal: EventJournal;
  readonly nodeStats: NodeDurationSketches;
  /** Both, for a monitor's sink list (they read events and effects, and hold nothing durable). */
  readonly sinks: readonly MonitorSink[];
  /** `focusJournal` and `nodeStats`, built only for the focused execution. */
  readonly contributors: Pick<SnapshotContributors, 'focusJournal' | 'nodeStats'>;
}

/** Builds the detail's sinks and contributors; a command adds both to its monitor. */
export function createDetailSources(): DetailSources {
  const journal = new EventJournal();
  const nodeStats = new NodeDurationSketches();
  return {
    journal,
    nodeStats,
    sinks: [journal, nodeStats],
    contributors: {
      focusJournal: (_now, focus) => (focus ? journal.view(focus.summary.id) : undefined),
      nodeStats: (_now, focus) => (focus ? nodeStats.forWorkflows(workflowIds(focus)) : undefined),
    },
  };
}

/** The workflow ids of an execution and of every child execution nested in its tree. */
export function workflowIds(tree: ExecutionTree, out = new Set<string>()): Set<string> {
  if (tree.summary.workflowId !== undefined) out.add(tree.summary.workflowId);
  for (const node of tree.nodes) if (node.child) workflowIds(node.child, out);
  return out;
}
