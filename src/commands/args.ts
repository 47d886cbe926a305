import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandExit } from './terminal.ts';

/**
 * Command-line parsing for every command, on node:util's parseArgs, strict: an option the
 * command does not declare, or one without its value, exits 2 with the command's usage, so a
 * typo is never silently ignored. `--limit 5` and `--limit=5` alike; `--help` prints the usage.
 */

type Options = NonNullable<ParseArgsConfig['options']>;
type Value = string | boolean | Array<string | boolean> | undefined;

export interface Parsed {
  readonly values: Readonly<Record<string, Value>>;
  readonly positionals: readonly string[];
}

/** Ends the command with a message on stderr and the exit status: 2 for a mistake in the arguments, 1 for anything else. */
export const fail = (message: string, code: 1 | 2): never => {
  throw new CommandExit(code, message);
};

export function parseCommand(args: readonly string[], options: Options, usage: string): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`, 2);
  }
  if (parsed.values.help === true) throw new CommandExit(0, usage);
  return parsed;
}

/** A string option's value (the last, if repeated), or undefined. */
export const stringValue = (value: Value): string | undefined => (typeof value === 'string' ? value : undefined);

/** Every value of a repeatable string option. */
export const stringValues = (value: Value): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

/** A numeric option: `fallback` when absent; exits 2 with the usage unless `check` passes. */
export function numberValue(value: Value, name: string, fallback: number, check: (n: number) => boolean, says: string, usage: string): number {
  const raw = stringValue(value);
  const number = raw === undefined ? fallback : Number(raw);
  return raw?.trim() !== '' && check(number) ? number : fail(`--${name} takes ${says}, not ${raw}\n${usage}`, 2);
}
