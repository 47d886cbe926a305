import pino from 'pino';
import { systemClock } from '../lib/clock.ts';
import { oidcAdmin } from '../oidc/oidc.ts';
import { openStorage } from '../storage/open-storage.ts';
import { loadConfigOrExit } from './load-config-or-exit.ts';

/**
 * `engangskod clients …` and `engangskod keys …`: the websites that sign people in through us
 * and the keys their ID tokens are signed with. They work on the database directly; a running
 * service sees a new or removed client at once, and new signing keys within KEY_CHECK_MS (30 s).
 */

const fail = (message: string, code: 1 | 2): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

/** `--name X` and `--name=X` alike; every value of a repeated option. */
function optionValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg === `--${name}`) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`, 2);
      values.push(value as string);
    } else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
  });
  return values;
}

async function withAdmin<T>(work: (admin: ReturnType<typeof oidcAdmin>) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const storage = await openStorage(config, pino({ level: 'warn' }, pino.destination(2)));
  try {
    return await work(oidcAdmin(storage, config.secretKey, systemClock, config.oidc.clients));
  } finally {
    await storage.close();
  }
}

const CLIENTS_USAGE =
  'usage: engangskod clients add --name <name> --redirect-uri <url> [--redirect-uri <url> …] [--post-logout-redirect-uri <url> …] [--first-party] [--public] [--refresh-tokens]\n' +
  '       engangskod clients list [--json]\n' +
  '       engangskod clients remove <client_id>';

export async function clients(args: readonly string[]): Promise<void> {
  const [sub] = args;
  if (sub === 'add') {
    const [name, ...extraNames] = optionValues(args, 'name');
    if (!name || extraNames.length > 0) fail(`clients add needs one --name\n${CLIENTS_USAGE}`, 2);
    const input = {
      client_name: name as string,
      redirect_uris: optionValues(args, 'redirect-uri'),
      post_logout_redirect_uris: optionValues(args, 'post-logout-redirect-uri'),
      first_party: args.includes('--first-party'),
      refresh_tokens: args.includes('--refresh-tokens'),
      public: args.includes('--public'),
    };
    if (input.redirect_uris.length === 0) fail(`clients add needs at least one --redirect-uri\n${CLIENTS_USAGE}`, 2);
    await withAdmin(async ({ clients: registry }) => {
      let added;
      try {
        added = await registry.add(input);
      } catch (error) {
        const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
        if (!issues) throw error;
        return fail(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'), 2);
      }
      // The secret is shown this once; it is kept sealed and no command prints it again.
      process.stdout.write(`${JSON.stringify({ client_id: added.client_id, ...(added.client_secret ? { client_secret: added.client_secret } : {}) }, null, 2)}\n`);
    });
    return;
  }
  if (sub === 'list') {
    await withAdmin(async ({ clients: registry }) => {
      const list = await registry.list();
      if (args.includes('--json')) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return void process.stdout.write('no clients\n');
      for (const c of list) {
        const kind = [c.public ? 'public' : 'confidential', c.first_party ? 'first-party' : 'asks consent', c.refresh_tokens ? 'refresh tokens' : ''].filter(Boolean).join(', ');
        process.stdout.write(`${c.client_id}  ${c.client_name}  (${kind}; from ${c.source})\n  redirect: ${c.redirect_uris.join(' ')}\n`);
      }
    });
    return;
  }
  if (sub === 'remove') {
    const id = args[1];
    if (!id) fail(CLIENTS_USAGE, 2);
    await withAdmin(async ({ clients: registry }) => {
      if (!(await registry.remove(id as string))) fail(`no client ${id} in the database (clients from OIDC_CLIENTS are removed from that setting)`, 1);
      process.stdout.write(`removed ${id}\n`);
    });
    return;
  }
  fail(CLIENTS_USAGE, 2);
}

export async function keys(args: readonly string[]): Promise<void> {
  const [sub] = args;
  if (sub === 'list') {
    await withAdmin(async ({ keys: ring }) => {
      const list = await ring.list();
      if (args.includes('--json')) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return void process.stdout.write('no keys yet: the service makes the first at its first OpenID Connect request\n');
      for (const k of list) process.stdout.write(`${k.kid}  generation ${k.generation}  made ${k.createdAt}${k.signing ? '  (signs)' : '  (published, verifies older tokens)'}\n`);
    });
    return;
  }
  if (sub === 'rotate') {
    await withAdmin(async ({ keys: ring }) => {
      const { added, removed } = await ring.rotate();
      process.stdout.write(
        `new signing key ${added.kid} (generation ${added.generation}); ${removed} older key(s) removed.\n` +
          'Every running instance signs with it within 30 seconds; the previous key stays published until the next rotation.\n',
      );
    });
    return;
  }
  fail('usage: engangskod keys list [--json] | engangskod keys rotate', 2);
}
