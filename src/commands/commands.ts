import { readFileSync } from 'node:fs';
import { fail, parseCommand } from './args.ts';
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
} from './usage.ts';
import { CommandExit, type Terminal } from './terminal.ts';

/**
 * `engangskod [command]` (src/cli.ts runs it). Each command is one entry here: a line of help, its usage, and a
 * function that gets the arguments after its name and parses them strictly (commands/args.ts).
 * A command's module is imported only when it runs, so `engangskod version` or `users list` does
 * not load the web service, OpenID Connect and both databases' drivers first.
 */
type Run = (args: readonly string[], terminal: Terminal) => Promise<void>;

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: Run;
}

/** The command `name` of the module `load` imports, imported when it runs. */
const later =
  <K extends string>(load: () => Promise<Record<K, Run>>, name: K): Run =>
  async (args, terminal) =>
    (await load())[name](args, terminal);

const commands: Readonly<Record<string, Command>> = {
  serve: { summary: 'run the web service (and, unless --no-worker or SMS_DISPATCHER=worker, send texts); the default', usage: SERVE_USAGE, run: later(() => import('./serve.ts'), 'serve') },
  worker: {
    summary: 'only send texts and mails from the outbox (run beside services started with SMS_DISPATCHER=worker)',
    usage: WORKER_USAGE,
    run: later(() => import('./worker.ts'), 'worker'),
  },
  migrate: { summary: 'bring the database to the latest schema (the service also does this at start)', usage: MIGRATE_USAGE, run: later(() => import('./admin.ts'), 'migrate') },
  users: { summary: 'users list [--limit N] | users show <email>: accounts, their numbers and recent activity', usage: USERS_USAGE, run: later(() => import('./admin.ts'), 'users') },
  numbers: { summary: 'numbers <email> | numbers remove <email> <+number>: an account\'s mobile numbers', usage: NUMBERS_USAGE, run: later(() => import('./admin.ts'), 'numbers') },
  outbox: {
    summary: 'outbox status | list [--status S] [--limit N] | retry [<id> …], each [--channel sms|mail] [--hours N]: texts and mails by status with delivery latency, the messages, sending again what can be',
    usage: OUTBOX_USAGE,
    run: later(() => import('./admin.ts'), 'outbox'),
  },
  backup: { summary: 'backup <file>: a consistent copy of the SQLite database, taken while the service runs', usage: BACKUP_USAGE, run: later(() => import('./backup.ts'), 'backup') },
  guard: { summary: 'guard list | guard lift <prefix|region>: prefixes and regions the pumping guard stopped texting, and ending that early', usage: GUARD_USAGE, run: later(() => import('./guard.ts'), 'guard') },
  clients: { summary: 'clients add --name N --redirect-uri U … | clients list | clients remove <id>: websites that sign in through us (OpenID Connect)', usage: CLIENTS_USAGE, run: later(() => import('./oidc-admin.ts'), 'clients') },
  keys: { summary: 'keys list | keys rotate: the keys ID tokens are signed with', usage: KEYS_USAGE, run: later(() => import('./oidc-admin.ts'), 'keys') },
  secrets: {
    summary: 'secrets status | secrets rotate: what is sealed under SECRET_KEY and SECRET_KEYS_PREVIOUS, and re-sealing it under SECRET_KEY',
    usage: SECRETS_USAGE,
    run: later(() => import('./secrets.ts'), 'secrets'),
  },
  version: { summary: 'print the version of engangskod (also --version)', usage: 'usage: engangskod version', run: async (args, terminal) => version(args, terminal) },
  help: { summary: 'show this help, or a command\'s usage (help <command>, or <command> --help)', usage: 'usage: engangskod help [<command>]', run: async (args, terminal) => help(args, terminal) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return (
    `Usage: engangskod [command] [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
    'Every command that prints data takes --json. Settings come from the environment and .env; see docs/configuration.md.\n'
  );
}

function help(args: readonly string[], terminal: Terminal): void {
  const [name, ...extra] = args;
  if (name === undefined) return terminal.out(usage());
  const command = commands[name];
  if (!command || extra.length > 0) fail(`Unknown command: ${args.join(' ')}\n\n${usage()}`, 2);
  terminal.out(`${command?.usage}\n`);
}

/** The version in package.json, which sits two folders above both src/commands/ and dist/commands/. */
function version(args: readonly string[], terminal: Terminal): void {
  parseCommand(args, {}, 'usage: engangskod version');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  terminal.out(`${pkg.version}\n`);
}

const aliases: Readonly<Record<string, Command | undefined>> = { '--help': commands.help, '-h': commands.help, '--version': commands.version, '-v': commands.version };

/**
 * Runs `engangskod <argv>` on a terminal and gives its exit status. A command that does not end
 * (serve, worker) gives 0 once it runs; its process ends on a signal (closeOnSignals).
 */
export async function runCommand(argv: readonly string[], terminal: Terminal): Promise<number> {
  const [name = 'serve', ...args] = argv;
  try {
    const command = aliases[name] ?? commands[name] ?? fail(`Unknown command: ${name}\n\n${usage()}`, 2);
    // `users --help` as well as `users list --help` (which the command's own parsing answers).
    if (args[0] === '--help' || args[0] === '-h') terminal.out(`${command.usage}\n`);
    else await command.run(args, terminal);
    return 0;
  } catch (error) {
    if (!(error instanceof CommandExit)) throw error;
    if (error.message) (error.status === 0 ? terminal.out : terminal.err)(`${error.message}\n`);
    return error.status;
  }
}
