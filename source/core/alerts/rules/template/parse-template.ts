// Builds the tree of a template from its items: pipelines of commands, `if`/`else if`/`else`/`end`
// blocks and `$x := …` declarations. Unknown functions and undefined variables are parse errors, as in Go.
import { lexTemplate, TemplateParseError, type Token } from './lex-template.js';
import type { GoValue } from './go-value.js';

export type Operand =
  | { readonly kind: 'literal'; readonly value: GoValue }
  | { readonly kind: 'dot'; readonly fields: readonly string[] }
  | { readonly kind: 'variable'; readonly name: string; readonly fields: readonly string[] }
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'pipeline'; readonly pipeline: Pipeline; readonly fields: readonly string[] };

export interface Command {
  readonly operands: readonly Operand[];
  readonly offset: number;
}

export interface Pipeline {
  readonly commands: readonly Command[];
  /** `$x := …` or `$x = …`. */
  readonly declare?: { readonly name: string; readonly assign: boolean };
  readonly offset: number;
}

export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipeline: Pipeline }
  | { readonly kind: 'if'; readonly branches: readonly { readonly condition: Pipeline; readonly body: readonly TemplateNode[] }[]; readonly otherwise: readonly TemplateNode[] };

const UNSUPPORTED = new Set(['range', 'with', 'define', 'template', 'block', 'break', 'continue']);

class TokenReader {
  private i = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly end: number,
  ) {}
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.i + ahead];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  get offset(): number {
    return this.peek()?.offset ?? this.end;
  }
}

interface Scope {
  readonly variables: Set<string>[];
  readonly functions: ReadonlySet<string>;
}

function fieldsAfter(r: TokenReader): string[] {
  const fields: string[] = [];
  for (let t = r.peek(); t?.type === 'field' && !t.spaceBefore; t = r.peek()) {
    r.next();
    fields.push(t.name);
  }
  return fields;
}

function operand(r: TokenReader, scope: Scope): Operand | undefined {
  const t = r.peek();
  if (t === undefined || t.type === '|' || t.type === ')') return undefined;
  r.next();
  switch (t.type) {
    case 'literal':
      return { kind: 'literal', value: t.value };
    case 'dot':
      return { kind: 'dot', fields: fieldsAfter(r) };
    case 'field':
      return { kind: 'dot', fields: [t.name, ...fieldsAfter(r)] };
    case 'variable':
      if (!scope.variables.some((s) => s.has(t.name))) throw new TemplateParseError(`undefined variable "${t.name}"`, t.offset);
      return { kind: 'variable', name: t.name, fields: fieldsAfter(r) };
    case 'identifier':
      if (UNSUPPORTED.has(t.name) || ['if', 'else', 'end'].includes(t.name)) throw new TemplateParseError(`unexpected <${t.name}> in command`, t.offset);
      if (!scope.functions.has(t.name)) throw new TemplateParseError(`function "${t.name}" not defined`, t.offset);
      return { kind: 'function', name: t.name };
    case '(': {
      const inner = pipeline(r, scope, false);
      const close = r.next();
      if (close?.type !== ')') throw new TemplateParseError('unclosed left paren', t.offset);
      return { kind: 'pipeline', pipeline: inner, fields: fieldsAfter(r) };
    }
    default:
      throw new TemplateParseError(`unexpected "${t.type}" in operand`, t.offset);
  }
}

function pipeline(r: TokenReader, scope: Scope, allowDeclare: boolean): Pipeline {
  const offset = r.offset;
  let declare: Pipeline['declare'];
  const [first, second] = [r.peek(), r.peek(1)];
  if (allowDeclare && first?.type === 'variable' && (second?.type === ':=' || second?.type === '=')) {
    r.next();
    r.next();
    const assign = second.type === '=';
    if (assign && !scope.variables.some((s) => s.has(first.name))) throw new TemplateParseError(`undefined variable "${first.name}"`, first.offset);
    declare = { name: first.name, assign };
  }
  const commands: Command[] = [];
  for (;;) {
    const at = r.offset;
    const operands: Operand[] = [];
    for (let o = operand(r, scope); o !== undefined; o = operand(r, scope)) operands.push(o);
    if (operands.length === 0) throw new TemplateParseError('missing value for command', at);
    commands.push({ operands, offset: at });
    if (r.peek()?.type !== '|') break;
    r.next();
  }
  if (declare !== undefined && !declare.assign) scope.variables.at(-1)!.add(declare.name);
  return { commands, declare, offset };
}

function fullPipeline(r: TokenReader, scope: Scope, allowDeclare: boolean): Pipeline {
  const p = pipeline(r, scope, allowDeclare);
  const extra = r.peek();
  if (extra !== undefined) throw new TemplateParseError(`unexpected "${extra.type === 'identifier' ? extra.name : extra.type}" in command`, extra.offset);
  return p;
}

interface OpenIf {
  readonly branches: { condition: Pipeline; body: TemplateNode[] }[];
  otherwise: TemplateNode[] | undefined;
  readonly offset: number;
}

/** Parses a template into nodes; `functions` are the names callable in it, `variables` the predefined ones. */
export function parseTemplate(source: string, functions: ReadonlySet<string>, variables: readonly string[]): TemplateNode[] {
  const root: TemplateNode[] = [];
  const open: OpenIf[] = [];
  const scope: Scope = { variables: [new Set(variables)], functions };
  const body = (): TemplateNode[] => {
    const top = open.at(-1);
    if (top === undefined) return root;
    return top.otherwise ?? top.branches.at(-1)!.body;
  };
  for (const item of lexTemplate(source)) {
    if (item.type === 'text') {
      body().push({ kind: 'text', text: item.text });
      continue;
    }
    const r = new TokenReader(item.tokens, item.offset);
    const head = r.peek();
    const keyword = head?.type === 'identifier' ? head.name : undefined;
    if (keyword === 'if') {
      r.next();
      scope.variables.push(new Set());
      open.push({ branches: [{ condition: fullPipeline(r, scope, true), body: [] }], otherwise: undefined, offset: item.offset });
    } else if (keyword === 'else') {
      r.next();
      const top = open.at(-1);
      if (top === undefined || top.otherwise !== undefined) throw new TemplateParseError('unexpected {{else}}', item.offset);
      scope.variables.pop();
      scope.variables.push(new Set());
      if (r.peek()?.type === 'identifier' && (r.peek() as { name: string }).name === 'if') {
        r.next();
        top.branches.push({ condition: fullPipeline(r, scope, true), body: [] });
      } else {
        if (r.peek() !== undefined) throw new TemplateParseError('unexpected tokens after {{else}}', r.offset);
        top.otherwise = [];
      }
    } else if (keyword === 'end') {
      const top = open.pop();
      if (top === undefined) throw new TemplateParseError('unexpected {{end}}', item.offset);
      scope.variables.pop();
      body().push({ kind: 'if', branches: top.branches, otherwise: top.otherwise ?? [] });
    } else if (keyword !== undefined && UNSUPPORTED.has(keyword)) {
      throw new TemplateParseError(`{{${keyword}}} is not supported in alert templates`, item.offset);
    } else {
      body().push({ kind: 'action', pipeline: fullPipeline(r, scope, true) });
    }
  }
  const unclosed = open.at(-1);
  if (unclosed !== undefined) throw new TemplateParseError('unexpected EOF: {{if}} without {{end}}', unclosed.offset);
  return root;
}
