/**
 * Runs the example website from the environment:
 *
 *   CLIENT_ID=… [CLIENT_SECRET=…] [ISSUER=http://localhost:3000] [PORT=4000] [PUBLIC_URL=…] \
 *     npx tsx examples/relying-party/main.ts
 *
 * See README.md next to this file for registering the client first.
 */
import { startRelyingParty } from './relying-party.ts';

const env = process.env;
const port = Number(env.PORT ?? 4000);
if (!env.CLIENT_ID || !Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(
    'Usage: CLIENT_ID=<id> [CLIENT_SECRET=<secret>] [ISSUER=http://localhost:3000] [PORT=4000] [PUBLIC_URL=http://localhost:4000] npx tsx examples/relying-party/main.ts\n' +
      'Register the client first: engangskod clients add --name "Example" --redirect-uri http://localhost:4000/callback --post-logout-redirect-uri http://localhost:4000/\n',
  );
  process.exit(2);
}

const site = await startRelyingParty({
  issuer: env.ISSUER ?? 'http://localhost:3000',
  clientId: env.CLIENT_ID,
  // An empty CLIENT_SECRET= means a public client, as leaving it out does.
  clientSecret: env.CLIENT_SECRET || undefined,
  port,
  // Unset, it is http://localhost:<the port it got>, which for PORT=0 is only known once listening.
  publicUrl: env.PUBLIC_URL || undefined,
  scope: env.SCOPE || undefined,
}).catch((error: unknown) => {
  // A wrong ISSUER or a port in use: the message says it all, a stack trace would only bury it.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
console.log(`Example website at ${site.url}/ (redirect URI ${site.url}/callback), signing in with ${env.ISSUER ?? 'http://localhost:3000'}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void site.close().then(() => process.exit(0));
  });
}
