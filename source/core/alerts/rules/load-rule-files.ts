// Loads the rule files named by --rules / [top] rules: each pattern a path or a glob, every file read
// and checked, every problem collected. A pattern that matches nothing is an error naming it, as a
// misspelt path must not silently leave a team without alerts.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { loadRuleFileText, type CheckExpr } from './rule-file.js';
import type { RuleFileError, RuleGroupSpec } from './rule-types.js';

/** A file-level problem (no such file, unreadable) has no line: line and column 0 mean the whole file. */
const WHOLE_FILE = { line: 0, column: 0 } as const;

/** The files a pattern names, as the user would write them (relative to cwd unless the pattern is absolute). */
async function expand(pattern: string, cwd: string): Promise<string[]> {
  if (!isDynamicPattern(pattern)) return [pattern];
  // Glob from the pattern's static directory, so `../rules/*.yml` and absolute patterns work too.
  const parts = pattern.split('/');
  const firstDynamic = parts.findIndex((p) => isDynamicPattern(p));
  const base = parts.slice(0, firstDynamic).join('/') || (isAbsolute(pattern) ? '/' : '.');
  const baseDir = resolve(cwd, base);
  const found = await glob(parts.slice(firstDynamic).join('/'), { cwd: baseDir, onlyFiles: true });
  return found.sort().map((f) => (isAbsolute(pattern) ? join(baseDir, f) : relative(cwd, join(baseDir, f))));
}

/** Loads every file the patterns match, in pattern order, each once; groups with errors are left out. */
export async function loadRuleFiles(patterns: readonly string[], cwd: string, checkExpr: CheckExpr): Promise<{ groups: RuleGroupSpec[]; errors: RuleFileError[]; files: string[] }> {
  const groups: RuleGroupSpec[] = [];
  const errors: RuleFileError[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const matched = await expand(pattern, cwd);
    if (matched.length === 0) errors.push({ file: pattern, ...WHOLE_FILE, message: 'no rule file matches this pattern' });
    for (const file of matched) {
      const absolute = resolve(cwd, file);
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      let text: string;
      try {
        text = await readFile(absolute, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        errors.push({ file, ...WHOLE_FILE, message: code === 'ENOENT' ? 'no such file' : `cannot read: ${(error as Error).message}` });
        continue;
      }
      files.push(file);
      const loaded = loadRuleFileText(file, text, checkExpr);
      groups.push(...loaded.groups);
      errors.push(...loaded.errors);
    }
  }
  return { groups, errors, files };
}
