import { parseArgs } from 'node:util';
import { UsageError } from './io';

/** One option of a command: its type, a value name for help, the help line and the default shown. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Shown in help after the option, e.g. 'N' for `--epochs N`. */
  value?: string;
  help: string;
  /** Shown in help as "(default: …)". */
  default?: string;
  short?: string;
}

export interface CommandSpec {
  /** e.g. 'train'; 'data fetch' for a subcommand. */
  name: string;
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Extra paragraphs after the options (examples, notes). */
  notes?: string[];
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

/** Parses argv against the spec; unknown options and missing values are UsageErrors naming the command. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): Parsed {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`dnn ${spec.name}: ${describeParseError(e as Error & { code?: string })}`, spec.name);
  }
  const { help, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  return { values, positionals: parsed.positionals, help: help === true };
}

function describeParseError(e: Error & { code?: string }): string {
  // node's messages are good but long-winded ("To specify a positional argument starting with a '-'…")
  const first = e.message.split(/\.\s/)[0]!.replace(/\.$/, '');
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return first.replace(/^Unknown option/, 'unknown option');
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'(--[\w-]+)/.exec(first)?.[1] ?? '--option';
    // e.g. `--lr -1`: a value starting with '-' looks like another option
    if (first.endsWith('is ambiguous')) return `${first.replace(/^Option/, 'option')}: write a value starting with '-' as ${option}=VALUE`;
    return first.replace(/^Option/, 'option');
  }
  return first;
}

/** The help text of a command: usage, summary, aligned options with defaults, notes. */
export function formatHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
    return [flag, o.help + (o.default !== undefined ? ` (default: ${o.default})` : '')] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([f]) => f.length));
  return [
    `Usage: ${spec.usage}`,
    '',
    spec.summary,
    '',
    'Options:',
    ...rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`),
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
    '',
  ].join('\n');
}

/** A string option that must be one of `choices`. */
export function choice<T extends string>(command: string, name: string, raw: string | boolean | undefined, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`dnn ${command}: --${name} must be one of ${choices.join(', ')}, got '${raw}'`, command);
  }
  return raw as T;
}

/** An integer option, at least `min`. */
export function integer(command: string, name: string, raw: string | boolean | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(v) || v < min) {
    const what = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`;
    throw new UsageError(`dnn ${command}: --${name} must be ${what}, got '${raw}'`, command);
  }
  return v;
}

/** A finite number option; `positive` refuses 0 and below, otherwise it must be ≥ 0. */
export function number(command: string, name: string, raw: string | boolean | undefined, positive: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(v) || (positive ? v <= 0 : v < 0)) {
    throw new UsageError(`dnn ${command}: --${name} must be a ${positive ? 'positive' : 'non-negative'} number, got '${raw}'`, command);
  }
  return v;
}

/** Exactly `count` positional arguments, named for the error. */
export function positionals(command: string, got: readonly string[], names: readonly string[]): string[] {
  if (got.length < names.length) throw new UsageError(`dnn ${command}: missing ${names.slice(got.length).join(' ')}`, command);
  if (got.length > names.length) throw new UsageError(`dnn ${command}: unexpected argument '${got[names.length]}'`, command);
  return [...got];
}
