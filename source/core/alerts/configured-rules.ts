import { BUILTIN_RULES_FILE, builtinRulesYaml } from './builtin-rules.js';
import { parseExpr } from './promql/parse.js';
import { PromQLError } from './promql/types.js';
import { loadRuleFiles } from './rules/load-rule-files.js';
import { loadRuleFileText } from './rules/rule-file.js';
import type { RuleFileError, RuleGroupSpec } from './rules/rule-types.js';

/** The loader's expression check: the real parser, so a rule that loads is a rule that evaluates. */
export function checkExpr(expr: string): { message: string; from: number } | undefined {
  try {
    parseExpr(expr);
    return undefined;
  } catch (error) {
    if (error instanceof PromQLError) return { message: error.message, from: error.position.from };
    throw error;
  }
}

/** What was loaded: the groups to run, or the errors that stop them (each with file:line:col). */
export interface LoadedRules {
  readonly groups: RuleGroupSpec[];
  readonly errors: RuleFileError[];
  /** The files read (`<built-in>` for the built-in rules). */
  readonly files: string[];
}

/** The rule files a config names (`--rules`, `[top] rules`), else the built-in rules (with the cost rule when a budget is set). */
export async function loadConfiguredRules(patterns: readonly string[], cwd: string, budgetUsdPerHour?: number): Promise<LoadedRules> {
  if (patterns.length > 0) return loadRuleFiles(patterns, cwd, checkExpr);
  const { groups, errors } = loadRuleFileText(BUILTIN_RULES_FILE, builtinRulesYaml(budgetUsdPerHour), checkExpr);
  return { groups, errors, files: [BUILTIN_RULES_FILE] };
}

/** Errors as `file:line:col: message` lines, as promtool and the config loader print them. */
export function formatRuleErrors(errors: readonly RuleFileError[]): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n');
}
