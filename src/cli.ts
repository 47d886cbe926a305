#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { fail, parseCommand } from './commands/args.ts';
import {
  BACKUP_USAGE,
  CLIENTS_USAGE,
  GUARD_USAGE,
  KEYS_USAGE,
  MIGRATE_USAGE,
  NUMBERS_USAGE,
  OUTBOX_USAGE,
  SECRETS_USAGE,
  SERVE_USAGE,
  USERS_USAGE,
  WORKER_USAGE,
} from './commands/usage.ts';

/**
 * `engangskod [command]`. Each command is one entry here: a line of help, its usage, and a
 * function that gets the arguments after its name and parses them strictly (commands/args.ts).
 * A command's module is imported only when it runs, so `engangskod version` or `users list` does
 * not load the web service, OpenID Connect and both databases' drivers first.
 */
interface Command {
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[]): Promise<void>;
}

const commands: Readonly<Record<string, Command>> = {
  serve: { summary: 'run the web service (and, unless --no-worker or SMS_DISPATCHER=worker, send texts); the default', usage: SERVE_USAGE, run: async (args) => (await import('./commands/serve.ts')).serve(args) },
  worker: {
    summary: 'only send texts and mails from the outbox (run beside services started with SMS_DISPATCHER=worker)',
    usage: WORKER_USAGE,
    run: async (args) => (parseCommand(args, {}, WORKER_USAGE).positionals.length > 0 ? fail(WORKER_USAGE, 2) : (await import('./commands/worker.ts')).worker()),
  },
  migrate: { summary: 'bring the database to the latest schema (the service also does this at start)', usage: MIGRATE_USAGE, run: async (args) => (await import('./commands/admin.ts')).migrate(args) },
  users: { summary: 'users list [--limit N] | users show <email>: accounts, their numbers and recent activity', usage: USERS_USAGE, run: async (args) => (await import('./commands/admin.ts')).users(args) },
  numbers: { summary: 'numbers <email> | numbers remove <email> <+number>: an account\'s mobile numbers', usage: NUMBERS_USAGE, run: async (args) => (await import('./commands/admin.ts')).numbers(args) },
  outbox: {
    summary: 'outbox status | list [--status S] [--limit N] | retry [<id> …], each [--channel sms|mail] [--hours N]: texts and mails by status with delivery latency, the messages, sending again what can be',
    usage: OUTBOX_USAGE,
    run: async (args) => (await import('./commands/admin.ts')).outbox(args),
  },
  backup: { summary: 'backup <file>: a consistent copy of the SQLite database, taken while the service runs', usage: BACKUP_USAGE, run: async (args) => (await import('./commands/backup.ts')).backup(args) },
  guard: { summary: 'guard list | guard lift <prefix|region>: prefixes and regions the pumping guard stopped texting, and ending that early', usage: GUARD_USAGE, run: async (args) => (await import('./commands/guard.ts')).guard(args) },
  clients: { summary: 'clients add --name N --redirect-uri U … | clients list | clients remove <id>: websites that sign in through us (OpenID Connect)', usage: CLIENTS_USAGE, run: async (args) => (await import('./commands/oidc-admin.ts')).clients(args) },
  keys: { summary: 'keys list | keys rotate: the keys ID tokens are signed with', usage: KEYS_USAGE, run: async (args) => (await import('./commands/oidc-admin.ts')).keys(args) },
  secrets: {
    summary: 'secrets status | secrets rotate: what is sealed under SECRET_KEY and SECRET_KEYS_PREVIOUS, and re-sealing it under SECRET_KEY',
    usage: SECRETS_USAGE,
    run: async (args) => (await import('./commands/secrets.ts')).secrets(args),
  },
  version: { summary: 'print the version of engangskod (also --version)', usage: 'usage: engangskod version', run: async (args) => version(args) },
  help: { summary: 'show this help, or a command\'s usage (help <command>, or <command> --help)', usage: 'usage: engangskod help [<command>]', run: async (args) => help(args) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return (
    `Usage: engangskod [command] [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
    'Every command that prints data takes --json. Settings come from the environment and .env; see docs/configuration.md.\n'
  );
}

function help(args: readonly string[]): void {
  const [name, ...extra] = args;
  if (name === undefined) return void process.stdout.write(usage());
  const command = commands[name];
  if (!command || extra.length > 0) fail(`Unknown command: ${args.join(' ')}\n\n${usage()}`, 2);
  process.stdout.write(`${command?.usage}\n`);
}

/** The version in package.json, which sits one folder above both src/ and dist/. */
function version(args: readonly string[]): void {
  parseCommand(args, {}, 'usage: engangskod version');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
}

const [name = 'serve', ...args] = process.argv.slice(2);
const aliases: Readonly<Record<string, Command | undefined>> = { '--help': commands.help, '-h': commands.help, '--version': commands.version, '-v': commands.version };
const command = aliases[name] ?? commands[name];
if (!command) fail(`Unknown command: ${name}\n\n${usage()}`, 2);
// `users --help` as well as `users list --help` (which the command's own parsing answers).
if (args[0] === '--help' || args[0] === '-h') process.stdout.write(`${command?.usage}\n`);
else await command?.run(args);
