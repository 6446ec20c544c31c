import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Static, type-only and dynamic (`import('./top.js')`) relative imports: each is an edge of the graph.
const IMPORT = /(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Relative-import graph of every .ts/.tsx file under source/, keyed by path from the repository root. */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(join(ROOT, 'source'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join('source', f));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const deps: string[] = [];
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(IMPORT)) {
      const base = relative(ROOT, resolve(ROOT, dirname(file), (m[1] ?? m[2])!)).replace(/\.js$/, '');
      const hit = [`${base}.ts`, `${base}.tsx`].find((c) => known.has(c));
      if (hit) deps.push(hit);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** Every cycle met by a depth-first walk, as the files on it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') found.push(stack.slice(stack.indexOf(dep)));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

test('no import cycle runs through source/commands (the command files take their types from command-types.ts)', () => {
  const graph = importGraph();
  assert.ok((graph.get('source/commands/command-specs.ts') ?? []).includes('source/commands/top.tsx'), 'the graph sees the lazy loaders');
  const through = cycles(graph).filter((c) => c.some((f) => f.startsWith('source/commands/')));
  assert.deepEqual(through.map((c) => c.join(' → ')), []);
});
