import type { Config } from '../config/config.ts';
import { systemClock } from '../lib/clock.ts';
import { oidcAdmin } from '../oidc/oidc.ts';
import { openStorage } from '../storage/open-storage.ts';
import { commandLogger } from './command-logger.ts';
import { fail, parseCommand, stringValues } from './args.ts';
import { loadConfigOrExit, refuseNoDatabase } from './load-config-or-exit.ts';
import type { Terminal } from './terminal.ts';
import { CLIENTS_USAGE, KEYS_USAGE } from './usage.ts';

/**
 * `engangskod clients …` and `engangskod keys …`: the websites that sign people in through us
 * and the keys their ID tokens are signed with. They work on the database directly; a running
 * service sees a new or removed client at once, and new signing keys within KEY_CHECK_MS (30 s).
 */

export async function withAdmin<T>(terminal: Terminal, work: (admin: ReturnType<typeof oidcAdmin>, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit(terminal, {}, { existingDatabase: true });
  const storage = await refuseNoDatabase(openStorage(config, commandLogger(terminal), { existing: true }));
  try {
    return await work(oidcAdmin(storage, config, systemClock, config.oidc.clients), config);
  } finally {
    await storage.close();
  }
}


const ADD_OPTIONS = {
  name: { type: 'string', multiple: true },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  'first-party': { type: 'boolean' },
  public: { type: 'boolean' },
  'refresh-tokens': { type: 'boolean' },
} as const;

export async function clients(args: readonly string[], terminal: Terminal): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, sub === 'add' ? ADD_OPTIONS : { json: { type: 'boolean' } }, CLIENTS_USAGE);
  if (positionals.length > (sub === 'remove' ? 1 : 0)) fail(CLIENTS_USAGE, 2);
  if (sub === 'add') {
    const [name, ...extraNames] = stringValues(values.name);
    if (!name || extraNames.length > 0) fail(`clients add needs one --name\n${CLIENTS_USAGE}`, 2);
    const input = {
      client_name: name as string,
      redirect_uris: stringValues(values['redirect-uri']),
      post_logout_redirect_uris: stringValues(values['post-logout-redirect-uri']),
      first_party: values['first-party'] === true,
      refresh_tokens: values['refresh-tokens'] === true,
      public: values.public === true,
    };
    if (input.redirect_uris.length === 0) fail(`clients add needs at least one --redirect-uri\n${CLIENTS_USAGE}`, 2);
    await withAdmin(terminal, async ({ clients: registry }) => {
      let added;
      try {
        added = await registry.add(input);
      } catch (error) {
        const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
        if (!issues) throw error;
        return fail(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'), 2);
      }
      // The secret is shown this once; it is kept sealed and no command prints it again.
      terminal.out(`${JSON.stringify({ client_id: added.client_id, ...(added.client_secret ? { client_secret: added.client_secret } : {}) }, null, 2)}\n`);
    });
    return;
  }
  if (sub === 'list') {
    await withAdmin(terminal, async ({ clients: registry }) => {
      const list = await registry.list();
      if (values.json === true) return terminal.out(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return terminal.out('no clients\n');
      for (const c of list) {
        const kind = [c.public ? 'public' : 'confidential', c.first_party ? 'first-party' : 'asks consent', c.refresh_tokens ? 'refresh tokens' : ''].filter(Boolean).join(', ');
        terminal.out(`${c.client_id}  ${c.client_name}  (${kind}; from ${c.source})\n  redirect: ${c.redirect_uris.join(' ')}\n`);
      }
    });
    return;
  }
  if (sub === 'remove') {
    const [id] = positionals;
    if (!id) fail(CLIENTS_USAGE, 2);
    await withAdmin(terminal, async ({ clients: registry }) => {
      if (!(await registry.remove(id as string))) fail(`no client ${id} in the database (clients from OIDC_CLIENTS are removed from that setting)`, 1);
      terminal.out(`removed ${id}\n`);
    });
    return;
  }
  fail(CLIENTS_USAGE, 2);
}


export async function keys(args: readonly string[], terminal: Terminal): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, sub === 'list' ? { json: { type: 'boolean' } } : {}, KEYS_USAGE);
  if (positionals.length > 0) fail(KEYS_USAGE, 2);
  if (sub === 'list') {
    await withAdmin(terminal, async ({ keys: ring }) => {
      const list = await ring.list();
      if (values.json === true) return terminal.out(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return terminal.out('no keys yet: the service makes the first at its first OpenID Connect request\n');
      for (const k of list) terminal.out(`${k.kid}  generation ${k.generation}  made ${k.createdAt}${k.signing ? '  (signs)' : '  (published, verifies older tokens)'}\n`);
    });
    return;
  }
  if (sub === 'rotate') {
    await withAdmin(terminal, async ({ keys: ring }) => {
      const { added, removed } = await ring.rotate();
      terminal.out(
        `new signing key ${added.kid} (generation ${added.generation}); ${removed} older key(s) removed.\n` +
          'Every running instance signs with it within 30 seconds; the previous key stays published until the next rotation.\n',
      );
    });
    return;
  }
  fail(KEYS_USAGE, 2);
}
