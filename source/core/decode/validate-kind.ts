// Validates a `kind` object against its spec. The spec table is compiled once at module load into parallel
// arrays of (name, path, code), so the per-event work is one Map lookup and a tight loop with a switch: no
// closures, no Object.keys over payloads, no allocation unless a field is wrong.
import { EVENT_SPECS, PROVENANCE_SPEC, type FieldType } from './event-specs.js';
import type { RejectionReason } from './event.js';

/** What is wrong with one field, before the envelope context is added. */
export interface FieldProblem {
  readonly reason: RejectionReason;
  readonly field: string;
  readonly detail: string;
}

const enum Code { Str, U32, U64, F64, Bool, Json, StrArr, JsonArr, Enum, Provenance }

interface CompiledSpec {
  readonly names: readonly string[];
  /** Dotted paths used in rejections, precomputed (`kind.attempt`). */
  readonly paths: readonly string[];
  readonly codes: readonly Code[];
  readonly optional: readonly boolean[];
  /** Expected-type words for details (`u32`, `one of approved|rejected`). */
  readonly expected: readonly string[];
  readonly enums: readonly (readonly string[] | undefined)[];
}

// Exclusive upper bounds; 2 ** 64 is exact as a double, u64::MAX itself is not.
const U32_LIMIT = 2 ** 32;
const U64_LIMIT = 2 ** 64;

/** Maps a FieldType to its code and optionality. */
function compileType(t: FieldType): { code: Code; optional: boolean; expected: string } {
  if (typeof t !== 'string') return { code: Code.Enum, optional: false, expected: `one of ${t.join('|')}` };
  const optional = t.endsWith('?');
  const base = optional ? t.slice(0, -1) : t;
  const codes: Record<string, Code> = {
    string: Code.Str, u32: Code.U32, u64: Code.U64, f64: Code.F64, bool: Code.Bool, json: Code.Json,
    'string[]': Code.StrArr, 'json[]': Code.JsonArr, provenance: Code.Provenance,
  };
  const code = codes[base];
  if (code === undefined) throw new Error(`event-specs: unknown field type ${t}`);
  return { code, optional, expected: base === 'json' ? 'any JSON value' : base };
}

/** Compiles one `{field: type}` spec into parallel arrays. */
function compile(spec: { readonly [field: string]: FieldType }, prefix: string): CompiledSpec {
  const names: string[] = [];
  const paths: string[] = [];
  const codes: Code[] = [];
  const optional: boolean[] = [];
  const expected: string[] = [];
  const enums: (readonly string[] | undefined)[] = [];
  for (const [name, type] of Object.entries(spec)) {
    const c = compileType(type);
    names.push(name);
    paths.push(prefix + name);
    codes.push(c.code);
    optional.push(c.optional);
    expected.push(c.expected);
    enums.push(typeof type === 'string' ? undefined : type);
  }
  return { names, paths, codes, optional, expected, enums };
}

const COMPILED = new Map<string, CompiledSpec>();
for (const [type, spec] of Object.entries(EVENT_SPECS)) {
  COMPILED.set(type, compile(spec as { readonly [field: string]: FieldType }, 'kind.'));
}
const PROVENANCE = compile(PROVENANCE_SPEC, 'kind.provenance.');

/** Whether `type` is one of the 46 known kind tags. */
export function isKnownEventType(type: string): boolean {
  return COMPILED.has(type);
}

/** Builds a problem record (only on the failure path). */
function problem(reason: RejectionReason, field: string, detail: string): FieldProblem {
  return { reason, field, detail };
}

/** Checks one present, non-null value against a code; returns a problem or undefined. */
function checkValue(v: unknown, code: Code, spec: CompiledSpec, i: number): FieldProblem | undefined {
  const path = spec.paths[i] as string;
  const expected = spec.expected[i] as string;
  switch (code) {
    case Code.Str:
      return typeof v === 'string' ? undefined : problem('wrong_type', path, `${path}: expected string`);
    case Code.U32:
    case Code.U64:
      if (typeof v !== 'number') return problem('wrong_type', path, `${path}: expected ${expected}`);
      return Number.isInteger(v) && v >= 0 && v < (code === Code.U32 ? U32_LIMIT : U64_LIMIT)
        ? undefined : problem('invalid_value', path, `${path}: expected a non-negative integer (${expected})`);
    case Code.F64:
      if (typeof v !== 'number') return problem('wrong_type', path, `${path}: expected number`);
      return Number.isFinite(v) ? undefined : problem('invalid_value', path, `${path}: expected a finite number`);
    case Code.Bool:
      return typeof v === 'boolean' ? undefined : problem('wrong_type', path, `${path}: expected boolean`);
    case Code.Json:
      return undefined;
    case Code.StrArr: {
      if (!Array.isArray(v)) return problem('wrong_type', path, `${path}: expected array of strings`);
      for (let k = 0; k < v.length; k++) {
        if (typeof v[k] !== 'string') return problem('wrong_type', `${path}[${k}]`, `${path}[${k}]: expected string`);
      }
      return undefined;
    }
    case Code.JsonArr:
      return Array.isArray(v) ? undefined : problem('wrong_type', path, `${path}: expected array`);
    case Code.Enum: {
      if (typeof v !== 'string') return problem('wrong_type', path, `${path}: expected string`);
      const allowed = spec.enums[i] as readonly string[];
      for (let k = 0; k < allowed.length; k++) if (allowed[k] === v) return undefined;
      return problem('invalid_value', path, `${path}: expected ${expected}`);
    }
    case Code.Provenance:
      if (typeof v !== 'object' || Array.isArray(v)) return problem('wrong_type', path, `${path}: expected object`);
      return checkFields(v as Record<string, unknown>, PROVENANCE);
  }
}

/** Checks every field of a compiled spec on `obj`; returns the first problem or undefined. */
function checkFields(obj: Record<string, unknown>, spec: CompiledSpec): FieldProblem | undefined {
  const { names, codes, optional } = spec;
  for (let i = 0; i < names.length; i++) {
    const v = obj[names[i] as string];
    const code = codes[i] as Code;
    if (v === undefined || (v === null && optional[i] === true)) {
      // A required `json` field may hold null, but it must be present.
      if (optional[i] === true) continue;
      const path = spec.paths[i] as string;
      return problem('missing_field', path, `${path}: missing (expected ${spec.expected[i] as string})`);
    }
    if (v === null) {
      if (code === Code.Json) continue;
      const path = spec.paths[i] as string;
      return problem('wrong_type', path, `${path}: expected ${spec.expected[i] as string}, got null`);
    }
    const p = checkValue(v, code, spec, i);
    if (p !== undefined) return p;
  }
  return undefined;
}

/** Returned by checkKind for a `kind.type` this build does not know. */
export const UNKNOWN_KIND = 'unknown';

/** One lookup for both questions: UNKNOWN_KIND for an unknown type, else the first problem or undefined when valid. */
export function checkKind(kind: Record<string, unknown>, type: string): FieldProblem | typeof UNKNOWN_KIND | undefined {
  const spec = COMPILED.get(type);
  return spec === undefined ? UNKNOWN_KIND : checkFields(kind, spec);
}

/** Validates the fields of a known kind (`kind.type` already checked); returns the first problem, or undefined when valid or the type is unknown. */
export function validateKind(kind: Record<string, unknown>, type: string): FieldProblem | undefined {
  const spec = COMPILED.get(type);
  return spec === undefined ? undefined : checkFields(kind, spec);
}
