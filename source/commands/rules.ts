// `jamjet rules check <file>…` (promtool check rules, with file:line:col errors) and `jamjet rules list`
// (the groups and rules that would load: --rules, else [top] rules, else the built-in rules; or, with
// --from, the live rule states of a running top/serve through its /api/v1/rules).
import { checkExpr, loadConfiguredRules } from '../core/alerts/configured-rules.js';
import { formatPromDuration } from '../core/alerts/rules/duration.js';
import { loadRuleFiles } from '../core/alerts/rules/load-rule-files.js';
import type { RuleFileError, RuleGroupSpec } from '../core/alerts/rules/rule-types.js';
import { terminalSafeJson } from '../core/telemetry/terminal-safe-json.js';
import { sanitise } from '../view/format/sanitise.js';
import type { CommandArgs, CommandIo } from './command-types.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig, withCommandExit } from './wiring/load-command-config.js';

/** Exit code when `--from` cannot be read (a runtime error, not a usage error). */
const EXIT_RUNTIME = 1;
/** How long `--from` waits for the running jamjet to answer. */
const FROM_TIMEOUT_MS = 10_000;
/** Longest expression shown on one line of the list. */
const MAX_EXPR_SHOWN = 200;

/** `file:line:col: message`, or `file: message` for a problem with the whole file. */
export function formatRuleFileError(e: RuleFileError): string {
  return `${sanitise(e.file)}${e.line > 0 ? `:${e.line}:${e.column}` : ''}: ${sanitise(e.message)}`;
}

async function check(files: readonly string[], io: CommandIo): Promise<number> {
  if (files.length === 0) throw new CommandExit('jamjet rules check: name at least one rule file (see jamjet rules --help)', EXIT_USAGE);
  let failed = false;
  for (const file of files) {
    io.stdout.write(`Checking ${sanitise(file)}\n`);
    const { groups, errors } = await loadRuleFiles([file], io.cwd, checkExpr);
    if (errors.length === 0) {
      io.stdout.write(`  SUCCESS: ${groups.reduce((n, g) => n + g.rules.length, 0)} rules found\n\n`);
      continue;
    }
    failed = true;
    io.stderr.write(`  FAILED:\n${errors.map((e) => `${formatRuleFileError(e)}\n`).join('')}\n`);
  }
  return failed ? EXIT_USAGE : 0;
}

const oneLine = (expr: string): string => sanitise(expr.trim().replace(/\s+/g, ' '), MAX_EXPR_SHOWN);

function groupsJson(groups: readonly RuleGroupSpec[]): unknown {
  const templates = (t: Readonly<Record<string, { source: string }>>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.source]));
  return {
    groups: groups.map((g) => ({
      file: g.file,
      name: g.name,
      interval: g.intervalMs === undefined ? null : formatPromDuration(g.intervalMs),
      limit: g.limit,
      rules: g.rules.map((r) =>
        r.kind === 'alert'
          ? { kind: r.kind, name: r.name, expr: r.expr, for: formatPromDuration(r.forMs), keepFiringFor: formatPromDuration(r.keepFiringForMs), labels: templates(r.labels), annotations: templates(r.annotations) }
          : { kind: r.kind, name: r.name, expr: r.expr, labels: templates(r.labels) },
      ),
    })),
  };
}

function groupsText(groups: readonly RuleGroupSpec[]): string {
  if (groups.length === 0) return 'no rule groups\n';
  return groups
    .map((g) => {
      const every = g.intervalMs === undefined ? 'default interval' : `every ${formatPromDuration(g.intervalMs)}`;
      const head = `${sanitise(g.name)}  (${sanitise(g.file)}, ${every}${g.limit > 0 ? `, limit ${g.limit}` : ''})\n`;
      const width = Math.max(0, ...g.rules.map((r) => r.name.length));
      const rows = g.rules.map((r) => {
        const hold = r.kind === 'alert' && r.forMs > 0 ? `  for ${formatPromDuration(r.forMs)}` : '';
        return `  ${r.kind.padEnd(6)} ${sanitise(r.name).padEnd(width)}  ${oneLine(r.expr)}${hold}\n`;
      });
      return head + rows.join('');
    })
    .join('\n');
}

interface ApiRule {
  readonly name?: string;
  readonly type?: string;
  readonly state?: string;
  readonly health?: string;
  readonly lastError?: string;
}

/** Prints a running jamjet's (or Prometheus's) /api/v1/rules. */
async function listFrom(url: string, json: boolean, io: CommandIo): Promise<number> {
  const target = `${url.replace(/\/+$/, '')}/api/v1/rules`;
  let body: { status?: string; data?: { groups?: { name?: string; file?: string; rules?: ApiRule[] }[] }; error?: string };
  try {
    const response = await fetch(target, { signal: AbortSignal.timeout(FROM_TIMEOUT_MS) });
    body = (await response.json()) as typeof body;
    if (!response.ok || body.status !== 'success') throw new Error(`HTTP ${response.status}${body.error ? `: ${body.error}` : ''}`);
  } catch (error) {
    throw new CommandExit(`jamjet rules list: cannot read ${sanitise(target)}: ${sanitise((error as Error).message)}`, EXIT_RUNTIME);
  }
  const groups = body.data?.groups ?? [];
  if (json) {
    io.stdout.write(`${terminalSafeJson(JSON.stringify(body.data ?? { groups: [] }, null, 2))}\n`);
    return 0;
  }
  if (groups.length === 0) io.stdout.write('no rule groups\n');
  for (const g of groups) {
    io.stdout.write(`${sanitise(g.name ?? '')}  (${sanitise(g.file ?? '')})\n`);
    for (const r of g.rules ?? []) {
      const kind = r.type === 'alerting' ? 'alert' : 'record';
      const state = r.type === 'alerting' ? `${r.state ?? 'unknown'}  ` : '';
      const lastError = r.lastError ? `  ${sanitise(r.lastError)}` : '';
      io.stdout.write(`  ${kind.padEnd(6)} ${sanitise(r.name ?? '')}  ${state}${sanitise(r.health ?? 'unknown')}${lastError}\n`);
    }
  }
  return 0;
}

async function list(args: CommandArgs, io: CommandIo): Promise<number> {
  if (args.input.length > 1) throw new CommandExit('jamjet rules list: takes no arguments; name files with --rules', EXIT_USAGE);
  const json = args.flags.json === true;
  const from = args.flags.from as string | undefined;
  if (from !== undefined) {
    if (Array.isArray(args.flags.rules) && args.flags.rules.length > 0) throw new CommandExit('jamjet rules list: --from and --rules exclude each other', EXIT_USAGE);
    return listFrom(from, json, io);
  }
  const config = await loadCommandConfig(args.flags, io);
  const loaded = await loadConfiguredRules(config.rules, io.cwd, config.alerting.budgetUsdPerHour);
  if (loaded.errors.length > 0) {
    io.stderr.write(loaded.errors.map((e) => `${formatRuleFileError(e)}\n`).join(''));
    return EXIT_USAGE;
  }
  io.stdout.write(json ? `${terminalSafeJson(JSON.stringify(groupsJson(loaded.groups), null, 2))}\n` : groupsText(loaded.groups));
  return 0;
}

/** `jamjet rules check|list`. */
export async function runRules(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const [sub, ...rest] = args.input;
    if (sub === 'check') return check(rest, io);
    if (sub === 'list') return list(args, io);
    const got = sub === undefined ? 'nothing' : JSON.stringify(sanitise(sub, 40));
    throw new CommandExit(`jamjet rules: expected check or list, got ${got} (see jamjet rules --help)`, EXIT_USAGE);
  });
}
