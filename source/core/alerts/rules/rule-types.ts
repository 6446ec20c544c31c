// Loaded rule files as plain data: what the rule-file loader (rules/) produces and the rule engine
// (engine/) runs. Expressions stay text here: the engine is handed one compile function that turns a
// checked expression into an evaluator, so it never depends on the PromQL AST.
import type { Labels } from '../promql/types.js';

/** Where something is in a rule file: 1-based line and column. */
export interface FilePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** What a template sees: Prometheus's `.Labels`, `.Value`, `.ExternalLabels` and `.ExternalURL` (also as `$labels`, `$value`…). */
export interface TemplateData {
  readonly labels: Labels;
  readonly value: number;
  readonly externalLabels: Labels;
  readonly externalURL: string;
}

/** A label or annotation template, parsed once at load. */
export interface CompiledTemplate {
  /** The template as written. */
  readonly source: string;
  /** Expands it; an error while expanding is thrown as an Error whose message says what went wrong. */
  render(data: TemplateData): string;
}

interface RuleSpecBase {
  /** The PromQL expression as written (already checked by the loader). */
  readonly expr: string;
  readonly labels: Readonly<Record<string, CompiledTemplate>>;
  readonly position: FilePosition;
}

/** An alerting rule (`alert:`). */
export interface AlertRuleSpec extends RuleSpecBase {
  readonly kind: 'alert';
  readonly name: string;
  /** `for`, in ms (0 when absent). */
  readonly forMs: number;
  /** `keep_firing_for`, in ms (0 when absent). */
  readonly keepFiringForMs: number;
  readonly annotations: Readonly<Record<string, CompiledTemplate>>;
}

/** A recording rule (`record:`). */
export interface RecordingRuleSpec extends RuleSpecBase {
  readonly kind: 'record';
  /** The metric name its output series get. */
  readonly name: string;
}

export type RuleSpec = AlertRuleSpec | RecordingRuleSpec;

/** A rule group: evaluated in order, every `intervalMs` (undefined: the global evaluation interval). */
export interface RuleGroupSpec {
  readonly name: string;
  /** The file it came from (`<built-in>` for the built-in rules). */
  readonly file: string;
  readonly intervalMs: number | undefined;
  /** At most this many alerts per alerting rule and series per recording rule (0: no limit). */
  readonly limit: number;
  readonly rules: readonly RuleSpec[];
  readonly position: FilePosition;
}

/** One problem in a rule file, as `promtool check rules` reports it, with where it is. */
export interface RuleFileError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}
