import type { NodeState } from './model-state.js';

/** Nodes an execution holds before its table also keeps a Map index (below it a scan is cheaper than hashing). */
export const NODE_SCAN_MAX = 16;

/**
 * An execution's nodes by node id, in first-seen order. Most executions have a handful of nodes, so a lookup
 * scans an array: no hash of the wire's fresh node id string on every node event, and no hash table per
 * execution (a Map's table is reallocated each time a pooled execution is cleared, and kept, with the
 * execution, for about 1,000 executions after it ends). Past NODE_SCAN_MAX a Map index keeps lookups O(1).
 */
export class NodeTable {
  private list: NodeState[] = [];
  private index: Map<string, NodeState> | undefined = undefined;

  /** Nodes held. */
  get size(): number {
    return this.list.length;
  }

  /** The node with this id. */
  get(nodeId: string): NodeState | undefined {
    if (this.index !== undefined) return this.index.get(nodeId);
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const node = list[i]!;
      if (node.nodeId === nodeId) return node;
    }
    return undefined;
  }

  /** Adds `node` under `nodeId` (its own id), or replaces the node held under it. */
  set(nodeId: string, node: NodeState): void {
    const list = this.list;
    const old = this.get(nodeId);
    if (old !== undefined) list[list.indexOf(old)] = node;
    else list.push(node);
    if (this.index !== undefined) this.index.set(nodeId, node);
    else if (list.length > NODE_SCAN_MAX) this.index = new Map(list.map((n) => [n.nodeId, n]));
  }

  /** The nodes in first-seen order (the table's own array: do not add to it while iterating). */
  values(): readonly NodeState[] {
    return this.list;
  }

  /** Forgets every node. */
  clear(): void {
    if (this.list.length > 0) this.list = [];
    this.index = undefined;
  }
}
