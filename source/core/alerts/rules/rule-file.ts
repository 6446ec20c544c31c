// Reads one Prometheus rule file into rule groups, checking what Prometheus's rulefmt checks (strict
// keys, names, durations, templates, expressions) and collecting every problem with its line and column,
// as `promtool check rules` reports them, rather than stopping at the first.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { parsePromDuration } from './duration.js';
import type { CompiledTemplate, FilePosition, RuleFileError, RuleGroupSpec, RuleSpec } from './rule-types.js';
import { nestingProblem } from './nesting-depth.js';
import { scalarOffsetInFile } from './scalar-offset.js';
import { compileTemplate, TemplateParseError } from './template.js';

/** Checks an expression: undefined when it is valid, else the problem and its offset in the expression. */
export type CheckExpr = (expr: string) => { message: string; from: number } | undefined;

const GROUP_KEYS = ['name', 'interval', 'limit', 'rules'];
const RULE_KEYS = ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** One file's reading state: where errors go and how offsets become positions. */
class FileReader {
  readonly errors: RuleFileError[] = [];
  /**
   * Where each line starts, from the text itself: yaml's LineCounter only learns the line breaks its lexer
   * reports, and misses those inside a scalar it gives up on, which put later errors past the end of a line.
   */
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // \n, \r\n and a lone \r each end a line (YAML's line breaks, and every editor's).
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): FilePosition {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  error(offset: number, message: string): void {
    this.errors.push({ ...this.position(offset), message });
  }

  at(node: Node | Pair | null | undefined): number {
    if (node === null || node === undefined) return 0;
    if ('range' in node && node.range) return node.range[0];
    if ('key' in node) return this.at(node.key as Node);
    return 0;
  }

  /** The map's pairs by key; unknown and non-string keys are reported. */
  fields(map: YAMLMap, known: readonly string[], what: string): Map<string, Pair<Scalar, Node | null>> {
    const out = new Map<string, Pair<Scalar, Node | null>>();
    for (const pair of map.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !known.includes(key)) {
        this.error(this.at(pair.key), `field ${key ?? '(non-scalar key)'} not found in ${what} (expected ${known.join(', ')})`);
        continue;
      }
      out.set(key, pair as Pair<Scalar, Node | null>);
    }
    return out;
  }

  /** A scalar's text as Go's yaml decodes it into a string; undefined (reported) when it is not a scalar. */
  scalarText(node: Node | null | undefined, what: string): string | undefined {
    if (node === null || node === undefined) return undefined;
    if (!isScalar(node)) {
      this.error(this.at(node), `${what} must be a string`);
      return undefined;
    }
    if (node.value === null) return undefined;
    return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
  }

  duration(node: Node | null | undefined, what: string): number | undefined {
    const text = this.scalarText(node, what);
    if (text === undefined) return undefined;
    try {
      return parsePromDuration(text);
    } catch (error) {
      this.error(this.at(node), `${what}: ${(error as Error).message}`);
      return undefined;
    }
  }

  templates(node: Node | null | undefined, what: 'label' | 'annotation'): Record<string, CompiledTemplate> {
    const out: Record<string, CompiledTemplate> = {};
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return out;
    if (!isMap(node)) {
      this.error(this.at(node), `${what}s must be a map of names to strings`);
      return out;
    }
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!LABEL_NAME.test(name)) this.error(this.at(pair.key), `invalid ${what} name: ${name}`);
      const source = this.scalarText(pair.value, `${what} ${JSON.stringify(name)}`) ?? '';
      try {
        out[name] = compileTemplate(source);
      } catch (error) {
        if (!(error instanceof TemplateParseError)) throw error;
        const offset = isScalar(pair.value) ? scalarOffsetInFile(pair.value, error.offset, this.text) : this.at(pair.value);
        this.error(offset, `${what} ${JSON.stringify(name)}: template: ${error.message}`);
      }
    }
    return out;
  }
}

function readRule(r: FileReader, node: Node, checkExpr: CheckExpr): RuleSpec | undefined {
  if (!isMap(node)) {
    r.error(r.at(node), 'a rule must be a map (record or alert, expr, …)');
    return undefined;
  }
  const f = r.fields(node, RULE_KEYS, 'rule');
  const record = r.scalarText(f.get('record')?.value, 'record') ?? '';
  const alert = r.scalarText(f.get('alert')?.value, 'alert') ?? '';
  const start = r.at(node);
  const errorsBefore = r.errors.length;
  if (record === '' && alert === '') r.error(start, "one of 'record' or 'alert' must be set");
  if (record !== '' && alert !== '') r.error(start, "only one of 'record' and 'alert' must be set");
  if (record !== '') {
    for (const key of ['for', 'keep_firing_for', 'annotations']) if (f.has(key)) r.error(r.at(f.get(key)), `invalid field '${key}' in recording rule`);
    if (!METRIC_NAME.test(record)) r.error(r.at(f.get('record')?.value), `invalid recording rule name: ${record}`);
  }
  const exprNode = f.get('expr')?.value;
  const expr = r.scalarText(exprNode, 'expr') ?? '';
  if (expr.trim() === '') r.error(exprNode ? r.at(exprNode) : start, "field 'expr' must be set in rule");
  else {
    const problem = checkExpr(expr);
    if (problem !== undefined) r.error(isScalar(exprNode) ? scalarOffsetInFile(exprNode, problem.from, r.text) : r.at(exprNode), `could not parse expression: ${problem.message}`);
  }
  const forMs = r.duration(f.get('for')?.value, 'for') ?? 0;
  const keepFiringForMs = r.duration(f.get('keep_firing_for')?.value, 'keep_firing_for') ?? 0;
  const labels = r.templates(f.get('labels')?.value, 'label');
  const annotations = r.templates(f.get('annotations')?.value, 'annotation');
  if (r.errors.length > errorsBefore) return undefined;
  const position = r.position(start);
  if (record !== '') return { kind: 'record', name: record, expr, labels, position };
  return { kind: 'alert', name: alert, expr, forMs, keepFiringForMs, labels, annotations, position };
}

function readGroup(r: FileReader, node: Node, seen: Set<string>, checkExpr: CheckExpr): RuleGroupSpec | undefined {
  if (!isMap(node)) {
    r.error(r.at(node), 'a rule group must be a map (name, interval, limit, rules)');
    return undefined;
  }
  const f = r.fields(node, GROUP_KEYS, 'rule group');
  const start = r.at(node);
  const errorsBefore = r.errors.length;
  const name = r.scalarText(f.get('name')?.value, 'name') ?? '';
  if (name === '') r.error(f.has('name') ? r.at(f.get('name')) : start, 'Groupname must not be empty');
  else if (seen.has(name)) r.error(r.at(f.get('name')?.value), `groupname: ${JSON.stringify(name)} is repeated in the same file`);
  seen.add(name);
  const intervalMs = r.duration(f.get('interval')?.value, 'interval');
  let limit = 0;
  const limitNode = f.get('limit')?.value;
  if (limitNode !== undefined && limitNode !== null) {
    const v = isScalar(limitNode) ? limitNode.value : undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) limit = v;
    else r.error(r.at(limitNode), `limit must be a non-negative integer, got ${isScalar(limitNode) ? String(limitNode.source ?? limitNode.value) : 'a collection'}`);
  }
  const rulesNode = f.get('rules')?.value;
  const rules: RuleSpec[] = [];
  if (isSeq(rulesNode)) {
    for (const item of rulesNode.items as Node[]) {
      const rule = readRule(r, item, checkExpr);
      if (rule) rules.push(rule);
    }
  } else if (rulesNode !== undefined && rulesNode !== null && !(isScalar(rulesNode) && rulesNode.value === null)) {
    r.error(r.at(rulesNode), 'rules must be a list of rules');
  }
  if (r.errors.length > errorsBefore) return undefined;
  return { name, file: r.file, intervalMs: intervalMs === 0 ? undefined : intervalMs, limit, rules, position: r.position(start) };
}

/**
 * Reads a rule file's text. `file` is what positions and groups name; `checkExpr` validates each
 * expression. Groups with any error are left out of `groups`; every error is in `errors`.
 */
export function loadRuleFileText(file: string, text: string, checkExpr: CheckExpr): { groups: RuleGroupSpec[]; errors: RuleFileError[] } {
  const r = new FileReader(file, text);
  const tooDeep = nestingProblem(text);
  if (tooDeep !== undefined) {
    r.error(tooDeep.offset, tooDeep.message);
    return { groups: [], errors: r.errors };
  }
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) r.error(e.pos[0], e.message.split(' at line ')[0]!);
    return { groups: [], errors: r.errors };
  }
  const root = doc.contents;
  const groups: RuleGroupSpec[] = [];
  if (root === null || (isScalar(root) && root.value === null)) return { groups, errors: r.errors };
  if (!isMap(root)) {
    r.error(r.at(root), 'a rule file must be a map with a groups list');
    return { groups, errors: r.errors };
  }
  const groupsNode = r.fields(root, ['groups'], 'rule file').get('groups')?.value;
  const seen = new Set<string>();
  if (isSeq(groupsNode)) {
    for (const item of groupsNode.items as Node[]) {
      const group = readGroup(r, item, seen, checkExpr);
      if (group) groups.push(group);
    }
  } else if (groupsNode !== undefined && groupsNode !== null && !(isScalar(groupsNode) && groupsNode.value === null)) {
    r.error(r.at(groupsNode), 'groups must be a list of rule groups');
  }
  return { groups, errors: r.errors };
}
