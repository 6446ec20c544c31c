#!/usr/bin/env node
/**
 * Entry point: parse argv with meow, pick a command, hand it its flags. Nothing else lives here:
 * each command is imported lazily so `jamjet inspect` never loads Ink and `jamjet top` runs React
 * in production mode.
 */
import meow from 'meow';
import { COMMANDS, commandHelp, globalHelp, numberFlagTypedAsText, type CommandName } from './commands/command-specs.js';
import { usageError } from './commands/usage-error.js';

// `jamjet … | head`: the reader went away. Stop quietly, as Unix tools do, instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const argv = process.argv.slice(2);
const first = argv[0];
// `jamjet` alone, or with only flags, is the dashboard, like `htop` with no arguments.
if (first === undefined || (first.startsWith('-') && !['--help', '-h', '--version'].includes(first))) argv.unshift('top');

// meow's own message is two lines without the program's name; ours says what was probably meant.
const usage = usageError(argv);
if (usage !== undefined) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

// usageError has checked argv: it starts with a command or with a root flag (--help, -h, --version). A command
// goes straight to its own parser (what the root parser would hand it is the rest of argv, unchanged); only a
// root flag needs the root parser and every command's summary for its help.
const { command, commandArgv } = Object.hasOwn(COMMANDS, argv[0]!) ? { command: argv[0] as CommandName, commandArgv: argv.slice(1) } : rootCommand(argv);
const spec = COMMANDS[command];
const parsed = meow(commandHelp(command), {
  importMeta: import.meta,
  description: false,
  argv: commandArgv,
  allowUnknownFlags: false,
  // Unset booleans stay undefined: `--metrics` unset must not read as `--no-metrics`.
  booleanDefault: undefined,
  flags: { ...spec.flags, help: { type: 'boolean', shortFlag: 'h' } },
});
// meow only honours --help alone; `jamjet inspect <id> --help` must show help too, never run.
if (parsed.flags.help === true) parsed.showHelp(0);
const badNumber = numberFlagTypedAsText(spec.flags, parsed.flags as Record<string, unknown>, commandArgv);
if (badNumber) {
  process.stderr.write(`jamjet ${command}: ${badNumber}\n`);
  process.exit(2);
}

if (command === 'top' || command === 'follow') {
  process.env.NODE_ENV ??= 'production';
  // Ink renders only the last frame when it thinks it runs in CI (CI or CONTINUOUS_INTEGRATION set).
  // On a real terminal that would be a blank dashboard: a terminal means a person is watching.
  if (process.stdout.isTTY) {
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
  }
}

const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
const run = await spec.load();
const code = await run({ input: parsed.input, flags: parsed.flags as Record<string, unknown> }, io);
// Every command has closed what it opened by now; exiting here means a stray handle (a keep-alive
// socket, stdin left referenced by Ink) can never turn a finished command into a hung one. Output to a
// pipe is written asynchronously: wait until it has all gone out, or a large --json would be cut short.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
process.exit(code);

/**
 * argv starting with a root flag, through meow's root parser: `--help`, `-h` or `--version` alone prints the
 * help or the version and exits; a command after the flag gets the rest; anything else is the help, exit 2.
 */
function rootCommand(args: string[]): { command: CommandName; commandArgv: string[] } {
  const root = meow(globalHelp(), {
    importMeta: import.meta,
    description: false,
    argv: args,
    commands: Object.keys(COMMANDS),
    allowUnknownFlags: false,
    flags: { help: { type: 'boolean', shortFlag: 'h' } },
  });
  if (!root.command) root.showHelp(2);
  return { command: root.command as CommandName, commandArgv: root.input };
}
