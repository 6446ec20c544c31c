// Runs a parsed template against an alert's data, as text/template executes with Prometheus's options:
// `missingkey=zero` (a missing label is ""), and `$labels`, `$value`, `$externalLabels`, `$externalURL`
// predefined as Prometheus's template header defines them.
import type { TemplateData } from '../rule-types.js';
import { goSprint, goTruth, goTypeName, type GoValue } from './go-value.js';
import type { Command, Operand, Pipeline, TemplateNode } from './parse-template.js';
import { TEMPLATE_FUNCTIONS } from './template-functions.js';

/** The variables Prometheus's template header declares. */
export const PREDEFINED_VARIABLES = ['$', '$labels', '$value', '$externalLabels', '$externalURL'];

type Scopes = Map<string, GoValue>[];

function field(v: GoValue, name: string): GoValue {
  if (v !== null && typeof v === 'object') {
    if (v.kind === 'map') return v.entries[name] ?? '';
    const d = v.data;
    if (name === 'Labels') return { kind: 'map', entries: d.labels };
    if (name === 'ExternalLabels') return { kind: 'map', entries: d.externalLabels };
    if (name === 'ExternalURL') return d.externalURL;
    if (name === 'Value') return d.value;
  }
  throw new Error(`can't evaluate field ${name} in type ${goTypeName(v)}`);
}

const fields = (v: GoValue, names: readonly string[]): GoValue => names.reduce(field, v);

function lookup(scopes: Scopes, name: string): GoValue {
  for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]!.has(name)) return scopes[i]!.get(name)!;
  throw new Error(`undefined variable "${name}"`);
}

function operand(o: Operand, dot: GoValue, scopes: Scopes): GoValue {
  switch (o.kind) {
    case 'literal':
      return o.value;
    case 'dot':
      return fields(dot, o.fields);
    case 'variable':
      return fields(lookup(scopes, o.name), o.fields);
    case 'function':
      return call(o.name, [], dot, scopes, undefined);
    case 'pipeline':
      return fields(pipeline(o.pipeline, dot, scopes), o.fields);
  }
}

function call(name: string, args: readonly Operand[], dot: GoValue, scopes: Scopes, piped: GoValue | undefined): GoValue {
  const values = (): GoValue[] => [...args.map((a) => operand(a, dot, scopes)), ...(piped === undefined ? [] : [piped])];
  try {
    // and/or stop at the first argument that decides, as Go's do.
    if (name === 'and' || name === 'or') {
      const all = [...args.map((a) => () => operand(a, dot, scopes)), ...(piped === undefined ? [] : [() => piped])];
      let last: GoValue = null;
      for (const next of all) {
        last = next();
        if (goTruth(last) === (name === 'or')) return last;
      }
      return last;
    }
    return TEMPLATE_FUNCTIONS[name]!(values());
  } catch (error) {
    throw new Error(`error calling ${name}: ${(error as Error).message}`);
  }
}

function command(c: Command, dot: GoValue, scopes: Scopes, piped: GoValue | undefined): GoValue {
  const [head, ...rest] = c.operands;
  if (head!.kind === 'function') return call(head!.name, rest, dot, scopes, piped);
  if (rest.length > 0 || piped !== undefined) throw new Error(`can't give argument to non-function`);
  return operand(head!, dot, scopes);
}

function pipeline(p: Pipeline, dot: GoValue, scopes: Scopes): GoValue {
  let value: GoValue | undefined;
  for (const c of p.commands) value = command(c, dot, scopes, value);
  if (p.declare !== undefined) {
    const target = p.declare.assign ? (scopes.findLast((s) => s.has(p.declare!.name)) ?? scopes.at(-1)!) : scopes.at(-1)!;
    target.set(p.declare.name, value!);
  }
  return value!;
}

function run(nodes: readonly TemplateNode[], dot: GoValue, scopes: Scopes, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text);
    else if (node.kind === 'action') {
      const value = pipeline(node.pipeline, dot, scopes);
      if (node.pipeline.declare === undefined) out.push(goSprint(value));
    } else {
      scopes.push(new Map());
      const branch = node.branches.find((b) => goTruth(pipeline(b.condition, dot, scopes)));
      run(branch?.body ?? node.otherwise, dot, scopes, out);
      scopes.pop();
    }
  }
}

/** Expands the nodes for one alert; throws an Error naming the failing call. */
export function executeTemplate(nodes: readonly TemplateNode[], data: TemplateData): string {
  const dot: GoValue = { kind: 'dot', data };
  const scopes: Scopes = [
    new Map<string, GoValue>([
      ['$', dot],
      ['$labels', { kind: 'map', entries: data.labels }],
      ['$value', data.value],
      ['$externalLabels', { kind: 'map', entries: data.externalLabels }],
      ['$externalURL', data.externalURL],
    ]),
  ];
  const out: string[] = [];
  run(nodes, dot, scopes, out);
  return out.join('');
}
