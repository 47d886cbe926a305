import { keyId } from '../lib/secrets.ts';
import type { SealedCount } from '../lib/sealed.ts';
import { fail, parseCommand } from './args.ts';
import { withAdmin } from './oidc-admin.ts';
import type { Terminal } from './terminal.ts';
import { SECRETS_USAGE } from './usage.ts';


/**
 * `engangskod secrets …`: once SECRET_KEY was replaced (the old key moved to
 * SECRET_KEYS_PREVIOUS), `rotate` re-seals what the database keeps sealed (the signing keys and
 * the websites' registrations) under the new key, so the old one can go. `status` names the
 * keys configured (by their ids) and says what is still sealed under which.
 */
export async function secrets(args: readonly string[], terminal: Terminal): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, { json: { type: 'boolean' } }, SECRETS_USAGE);
  if (positionals.length > 0 || (sub !== 'status' && sub !== 'rotate')) fail(SECRETS_USAGE, 2);
  const reseal = sub === 'rotate';
  await withAdmin(terminal, async ({ keys, clients }, config) => {
    const ids = { current: keyId(config.secretKey), previous: config.previousSecretKeys.map(keyId) };
    const counts = { signingKeys: await keys.sealedCounts({ reseal }), clients: await clients.sealedCounts({ reseal }) };
    if (values.json === true) {
      terminal.out(`${JSON.stringify({ keys: ids, resealed: reseal, ...counts }, null, 2)}\n`);
    } else {
      const line = (name: string, c: SealedCount) =>
        `${name}: ${c.current} under SECRET_KEY, ${c.previous} ${reseal ? 're-sealed from a previous key' : 'under a previous key'}, ${c.unreadable} unreadable\n`;
      const waiting = counts.signingKeys.previous + counts.clients.previous;
      terminal.out(
        `SECRET_KEY ${ids.current}; SECRET_KEYS_PREVIOUS ${ids.previous.length > 0 ? ids.previous.join(' ') : '(none)'}\n` +
          line('signing keys', counts.signingKeys) +
          line('clients', counts.clients) +
          (reseal
            ? 'The database holds nothing sealed under a previous key now. Keep SECRET_KEYS_PREVIOUS until the codes, sessions and cookies of before the rotation have run out (docs/operations.md).\n'
            : waiting > 0
              ? 'Run `engangskod secrets rotate` to re-seal them under SECRET_KEY.\n'
              : ''),
      );
    }
    const unreadable = counts.signingKeys.unreadable + counts.clients.unreadable;
    if (unreadable > 0) fail(`${unreadable} stored value(s) open under none of the configured keys: add the key they were sealed with to SECRET_KEYS_PREVIOUS`, 1);
  });
}
