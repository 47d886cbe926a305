#!/usr/bin/env node
import { migrate, numbers, outbox, users } from './commands/admin.ts';
import { guard } from './commands/guard.ts';
import { clients, keys } from './commands/oidc-admin.ts';
import { serve } from './commands/serve.ts';
import { worker } from './commands/worker.ts';

/**
 * `engangskod [command]`. Each command is one entry here: a line of help and a function that
 * gets the arguments after its name. Add new ones (migrate, users, outbox …) the same way.
 */
interface Command {
  readonly summary: string;
  run(args: readonly string[]): Promise<void>;
}

const commands: Readonly<Record<string, Command>> = {
  serve: { summary: 'run the web service (and, unless --no-worker or SMS_DISPATCHER=worker, send texts); the default', run: (args) => serve(args) },
  worker: { summary: 'only send texts from the outbox (run beside services started with SMS_DISPATCHER=worker)', run: () => worker() },
  migrate: { summary: 'bring the database to the latest schema (the service also does this at start)', run: () => migrate() },
  users: { summary: 'users list [--limit=N] | users show <email>: accounts, their numbers and recent activity', run: (args) => users(args) },
  numbers: { summary: 'numbers <email> | numbers remove <email> <+number>: an account\'s mobile numbers', run: (args) => numbers(args) },
  outbox: {
    summary: 'outbox status [--hours=N] | outbox list [--status=S] [--limit=N] | outbox retry [<id> …]: texts by status with delivery latency, the texts, sending again what can be',
    run: (args) => outbox(args),
  },
  guard: { summary: 'guard list | guard lift <prefix|region>: prefixes and regions the pumping guard stopped texting, and ending that early', run: (args) => guard(args) },
  clients: { summary: 'clients add --name N --redirect-uri U … | clients list | clients remove <id>: websites that sign in through us (OpenID Connect)', run: (args) => clients(args) },
  keys: { summary: 'keys list | keys rotate: the keys ID tokens are signed with', run: (args) => keys(args) },
  help: { summary: 'show this help (every command takes --json where it prints data)', run: async () => void process.stdout.write(usage()) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: engangskod [command]\n\nCommands:\n${lines.join('\n')}\n\nSettings come from the environment; see docs/configuration.md.\n`;
}

const [name = 'serve', ...args] = process.argv.slice(2);
const command = name === '--help' || name === '-h' ? commands.help : commands[name];
if (!command) {
  process.stderr.write(`Unknown command: ${name}\n\n${usage()}`);
  process.exit(2);
}
await command.run(args);
