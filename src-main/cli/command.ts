import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandIO {
  /** Human-readable line to stdout (suppressed with --json). */
  info(line: string): void;
  /** Machine-readable result to stdout. */
  json(value: unknown): void;
  /** Progress or warnings to stderr (never document text). */
  warn(line: string): void;
}

export interface CommandArgs {
  values: Values;
  positionals: string[];
  dataDir: string;
  json: boolean;
  io: CommandIO;
}

/** One `redlab` sub-command: a thin wrapper over the services. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) after `redlab `. */
  usage: string;
  options: OptionSpec;
  /** Help text for each option, by name. */
  optionHelp?: Record<string, string>;
  positionals?: boolean;
  run(args: CommandArgs): Promise<number>;
}

export function str(v: Values[string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Parses a numeric option; throws a UsageError with a readable message when it is not a number. */
export function num(v: Values[string], name: string, fallback?: number): number | undefined {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, got "${String(v)}".`);
  return n;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
