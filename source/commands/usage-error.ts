/**
 * Checks argv against the command table before meow parses it, so a mistyped command or flag gets one
 * line that says what was wrong and what was probably meant, instead of meow's two-line "Unknown flag".
 */
import { sanitise } from '../view/format/sanitise.js';
import { COMMANDS, type CommandName } from './command-specs.js';
import type { FlagSpec } from './command-types.js';
import { nearestName } from './nearest-name.js';

/** Flags `jamjet` takes before any command. */
const ROOT_FLAGS: Record<string, FlagSpec> = { help: { type: 'boolean', shortFlag: 'h' }, version: { type: 'boolean' } };
/** Flags every command takes besides its own. */
const COMMON_FLAGS: Record<string, FlagSpec> = { help: { type: 'boolean', shortFlag: 'h' } };
/** meow's test for an argument that is a negative number, not a flag. */
const NEGATIVE_NUMBER = /^-(?:\d+|\d*\.\d+)(?:e[+-]?\d+)?$/i;

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * A one-line `jamjet: …` message for argv (command first, or a root flag such as --help): an unknown
 * command or flag, with the nearest known name when one is close; undefined when nothing is unknown.
 */
export function usageError(argv: readonly string[]): string | undefined {
  const [first = '', ...rest] = argv;
  if (first.startsWith('-')) return unknownFlag(argv, ROOT_FLAGS, 'jamjet --help');
  if (!Object.hasOwn(COMMANDS, first)) {
    const near = nearestName(first, Object.keys(COMMANDS));
    return `jamjet: unknown command ${first === '' ? '""' : sanitise(first, 80)}${near ? `, did you mean ${near}?` : ''} (see jamjet --help)`;
  }
  const flags: Record<string, FlagSpec> = { ...COMMANDS[first as CommandName].flags, ...COMMON_FLAGS };
  // `jamjet top --version` alone prints the version (meow's own handling); anywhere else it is unknown.
  if (rest.length === 1 && rest[0] === '--version') return undefined;
  return unknownFlag(rest, flags, `jamjet ${first} --help`);
}

function unknownFlag(args: readonly string[], spec: Record<string, FlagSpec>, help: string): string | undefined {
  const known = new Set<string>();
  for (const name of Object.keys(spec)) known.add(name).add(kebab(name));
  const shorts = new Set(Object.values(spec).flatMap((f) => (f.shortFlag ? [f.shortFlag] : [])));
  let takesValue: string | undefined;
  for (const arg of args) {
    if (arg === '--') return undefined;
    const expectsValue = takesValue;
    takesValue = undefined;
    if (arg.length < 2 || !arg.startsWith('-') || NEGATIVE_NUMBER.test(arg)) continue;
    // Only the name is ever quoted back: a value after `=` may be a token.
    const typed = arg.split('=')[0] ?? '';
    const name = typed.replace(/^-+/, '');
    const isLong = arg.startsWith('--');
    // `---url` is no flag of ours (meow drops it silently, and the URL with it): unknown, named as typed.
    const ok = arg.startsWith('---') ? false
      : isLong ? known.has(name) || (name.startsWith('no-') && known.has(name.slice(3))) : [...name].every((c) => shorts.has(c));
    if (ok) {
      const def = isLong ? spec[name] ?? Object.entries(spec).find(([k]) => kebab(k) === name)?.[1] : undefined;
      if (def !== undefined && def.type !== 'boolean' && !arg.includes('=')) takesValue = arg;
      continue;
    }
    // `--token -abc`: meow reads -abc as a flag and the value as missing. Say that, and never echo -abc.
    if (expectsValue !== undefined) return `jamjet: ${expectsValue} needs a value; write ${expectsValue}=VALUE for one that starts with - (see ${help})`;
    // `--no-metric` → --no-metrics: negations are offered only to what looks like one.
    const negations = name.startsWith('no') ? Object.entries(spec).flatMap(([k, f]) => (f.type === 'boolean' ? [`no-${kebab(k)}`] : [])) : [];
    const candidates = [...Object.keys(spec).map(kebab), ...negations];
    const near = nearestName(name, candidates);
    const shown = sanitise(typed, 80);
    return `jamjet: unknown flag ${shown}${near ? `, did you mean --${near}?` : ''} (see ${help})`;
  }
  return undefined;
}
