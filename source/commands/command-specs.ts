/**
 * Every command's flags and help text, in one table. `cli.ts` parses with these; each command file
 * receives the parsed flags and returns an exit code (its types are in command-types.ts, which the command
 * files import instead of this table, so the table's lazy loaders close no cycle).
 */

import type { CommandRun, FlagSpec } from './command-types.js';

const sourceFlags = {
  url: { type: 'string', isMultiple: true },
  token: { type: 'string' },
  config: { type: 'string' },
  demo: { type: 'boolean' },
} satisfies Record<string, FlagSpec>;

const serverFlags = {
  db: { type: 'string' },
  metricsHost: { type: 'string' },
  metricsPort: { type: 'number' },
  webConfig: { type: 'string' },
  metrics: { type: 'boolean' },
  rules: { type: 'string', isMultiple: true },
  alertmanagerUrl: { type: 'string', isMultiple: true },
} satisfies Record<string, FlagSpec>;

const sourceHelp = `
  Sources (repeat --url to merge several runtimes into one view)
    --url URL            ws://host:port/v1/events   stream protocol v1
                         http://host:port           a JamJet runtime's REST API, polled
                         FILE.jsonl | -             replay of event envelopes (stdin for -)
                         default: $JAMJET_URL, then [top] url in jamjet.toml, then the demo runtime
    --token TOKEN        Bearer token (default $JAMJET_TOKEN); never printed
    --config FILE        jamjet.toml to read (default ./jamjet.toml when present)
    --demo               use the embedded demo runtime even when a URL is configured`;

const serverHelp = `
  Store and metrics
    --db FILE            event store (default .jamjet/top.db, else ~/.local/state/jamjet-top/top.db
                         when .jamjet/ cannot be written; :memory: keeps nothing); the demo runtime
                         is new every run, so a demo run keeps nothing unless --db is given
    --metrics-host HOST  bind address for /metrics, /healthz and the API (default 127.0.0.1; any
                         other address is reachable from other machines: a warning says so)
    --metrics-port N     port (default [telemetry.prometheus] port, else 9090)
    --web-config FILE    require auth on every endpoint: a YAML file as Prometheus exporters read,
                         basic_auth_users: {NAME: BCRYPT-HASH} (htpasswd -nB NAME), and/or
                         bearer_token_file: PATH (default [top] web_config); no TLS (tls_server_config
                         is refused: put a TLS proxy in front)
    --no-metrics         do not serve /metrics

  Alerts (Prometheus rule files, evaluated every second on the same samples /metrics serves)
    --rules FILE         rule file or glob (repeatable; default [top] rules, else the built-in rules);
                         POST /-/reload (and SIGHUP under serve) reloads them, keeping the state of unchanged rules
    --alertmanager-url URL
                         send firing and resolved alerts to this Alertmanager (repeatable; default
                         [top] alertmanager)`;

/** The commands, their flags, help and lazy loaders. */
export const COMMANDS = {
  top: {
    summary: 'the live dashboard (default)',
    usage: 'jamjet top [--url URL]… [options]',
    flags: { ...sourceFlags, ...serverFlags, speed: { type: 'number' }, readOnly: { type: 'boolean' } },
    help: `${sourceHelp}
    --speed N            replay speed for a .jsonl source (default: as fast as possible)
    --read-only          no actions on the runtime (cancel, approve) from the dashboard
${serverHelp}

  Piped (stdout not a terminal): a plain block of status and executions every 2 s, like top -b,
  with whole execution ids; $COLUMNS sets its width (default 120).

  Keys: j/k or arrows move, Enter opens the execution, Esc goes back, Tab and 1-5 switch pane,
        / filters, s sorts, f faults only, z zooms, p pauses (ingest continues), c cancels,
        A approves, y copies the id, ? lists every key, q quits.`,
    load: async (): Promise<CommandRun> => (await import('./top.js')).runTop,
  },
  follow: {
    summary: 'live tree of one execution until it ends (exit 0 completed, 1 otherwise)',
    usage: 'jamjet follow <execution-id> [--url URL]… [options]',
    flags: { ...sourceFlags, speed: { type: 'number' }, connectTimeout: { type: 'number' }, appearTimeout: { type: 'number' } },
    help: `${sourceHelp}
    --speed N            replay speed for a .jsonl source
    --connect-timeout S  give up (exit 1) when no source has connected within S seconds (default 30;
                         0 = keep trying); until then each reason it cannot connect is said once
    --appear-timeout S   seconds from the first connection the execution may take to show up before a
                         runtime's REST 404 for it is final (default 10); over a stream alone it is
                         waited for as long as it takes, with one notice

  On a terminal: the live tree. Piped: one line per event, then the final tree; progress and
  problems (connecting, connected, refused, 401…) on stderr, each once.
  Exit codes: 0 completed; 1 failed, cancelled or limit exceeded, no source connected in time, or no
  such execution; 2 usage error; 130 interrupted.`,
    load: async (): Promise<CommandRun> => (await import('./follow.js')).runFollow,
  },
  inspect: {
    summary: 'a finished or running execution from the local store, else the runtime',
    usage: 'jamjet inspect [<execution-id>] [options]',
    flags: {
      url: { type: 'string', isMultiple: true },
      token: { type: 'string' },
      config: { type: 'string' },
      db: { type: 'string' },
      events: { type: 'boolean' },
      state: { type: 'boolean' },
      json: { type: 'boolean' },
      status: { type: 'string' },
      workflow: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'number' },
    },
    help: `
  Options
    --events             the full event timeline
    --state              the final state (folded from state patches, or final_state)
    --json               one JSON document (fields documented in the README)
    --db FILE            the store to read, never written (default .jamjet/top.db, else the state-directory
                         store top falls back to)
    --url URL            runtime to ask when the store does not have it
    --token TOKEN        Bearer token (default $JAMJET_TOKEN)
    --config FILE        jamjet.toml to read
  Without an id: a table of recent executions
    --status STATUS      running | completed | failed | cancelled | limit_exceeded
    --workflow ID        only this workflow
    --since DURATION     only executions started in the last DURATION (15m, 2h, 7d)
    --limit N            at most N rows (default 20)`,
    load: async (): Promise<CommandRun> => (await import('./inspect-command.js')).runInspectCommand,
  },
  serve: {
    summary: 'headless: ingest, store and /metrics with no screen, until SIGINT/SIGTERM',
    usage: 'jamjet serve [--url URL]… [options]',
    flags: { ...sourceFlags, ...serverFlags, logLevel: { type: 'string' } },
    help: `${sourceHelp}
${serverHelp}
    --log-level LEVEL    debug | info | warn | error: serve's own lines on stderr (default info)`,
    load: async (): Promise<CommandRun> => (await import('./serve.js')).runServe,
  },
  sim: {
    summary: 'the embedded demo runtime as a standalone server on loopback',
    usage: 'jamjet sim [options]',
    flags: {
      port: { type: 'number' },
      seed: { type: 'number' },
      rate: { type: 'number' },
      executions: { type: 'number' },
      token: { type: 'string' },
      viewerToken: { type: 'string' },
      speed: { type: 'number' },
      dropEvery: { type: 'number' },
      malformedEvery: { type: 'number' },
      duplicateEvery: { type: 'number' },
      stateFile: { type: 'string' },
    },
    help: `
  Options
    --port N             port on 127.0.0.1 (default 7700; 0 = any free port, printed)
    --seed N             workload seed (default 42): the same seed gives the same events
    --rate R             executions started per second (default 2)
    --executions N       stop starting new executions after N
    --token T            require Authorization: Bearer T
    --viewer-token T     also accept T with the runtime's viewer role: it reads, and
                         POST /executions/:id/cancel and /approve answer it 403
    --speed F            run the workload F times faster than real time (default 1)
    --state-file FILE    keep the workload's position in FILE and continue from it: a killed
                         sim restarted with the same FILE and flags sends the same events with
                         the same cursors (cancel and approve are then refused with 409)

  Fault injection, per websocket connection (to test clients)
    --drop-every N       cut the connection without a close frame after every N events
    --malformed-every N  send a malformed frame and an invalid envelope every N events
    --duplicate-every N  resend an already-sent event every N events

  Serves stream protocol v1 at /v1/events and JamJet's REST routes (/health, /executions,
  /executions/:id, /executions/:id/events), plus GET /sim/stats and GET /sim/record (every
  event emitted, per execution id and sequence).`,
    load: async (): Promise<CommandRun> => (await import('./sim-command.js')).runSimCommand,
  },
  rules: {
    summary: 'check Prometheus rule files, or list the loaded rules and their state',
    usage: 'jamjet rules check <file>… | jamjet rules list [--rules FILE]… [--from URL] [--json]',
    flags: { rules: { type: 'string', isMultiple: true }, config: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } },
    help: `
  check <file>…          validate rule files (YAML, keys, durations, templates, PromQL) as promtool
                         check rules does; each problem as file:line:col; exit 0 when all pass, else 2
  list                   the rule groups and rules that load: --rules, else [top] rules in jamjet.toml,
                         else the built-in rules; exit 2 with file:line:col when a file has errors

  Options (list)
    --rules FILE         a rule file or glob (repeatable)
    --config FILE        jamjet.toml to read [top] rules from (default ./jamjet.toml when present)
    --from URL           the live state and health of each rule of a running jamjet top/serve (or
                         Prometheus), read from URL/api/v1/rules
    --json               one JSON document`,
    load: async (): Promise<CommandRun> => (await import('./rules.js')).runRules,
  },
} as const;

/** A command name. */
export type CommandName = keyof typeof COMMANDS;

/** The help text of `jamjet --help`. */
export function globalHelp(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `    ${name.padEnd(10)} ${c.summary}`);
  return `
  htop for JamJet agent workflows: live execution trees, Prometheus /metrics, inspect.

  Usage
    jamjet <command> [options]        (no command: jamjet top)

  Commands
${rows.join('\n')}

  Run jamjet <command> --help for a command's options.
  Exit codes: 0 success, 1 the thing watched failed or a runtime error, 2 usage or configuration error.`;
}

/** The help text of `jamjet <command> --help`. */
export function commandHelp(name: CommandName): string {
  const c = COMMANDS[name];
  return `
  ${c.summary}

  Usage
    ${c.usage}
${c.help}`;
}

/**
 * meow turns `--port abc` into NaN; this finds such a flag and quotes what the user typed, so the
 * error names the flag and the value (exit 2). Undefined when every number flag parsed.
 */
export function numberFlagTypedAsText(spec: Record<string, FlagSpec>, flags: Record<string, unknown>, argv: readonly string[]): string | undefined {
  for (const [name, f] of Object.entries(spec)) {
    if (f.type !== 'number' || typeof flags[name] !== 'number' || !Number.isNaN(flags[name])) continue;
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    const typed = i < 0 ? '' : argv[i]!.startsWith(`${flag}=`) ? argv[i]!.slice(flag.length + 1) : (argv[i + 1] ?? '');
    return `${flag} expects a number, got ${JSON.stringify(typed)}`;
  }
  return undefined;
}
