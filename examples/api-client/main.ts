/**
 * Walks the API journey against a development service (`npm start`, which keeps texts and mails
 * in its development inboxes instead of sending them):
 *
 *   EMAIL=anna@example.se [PASSWORD=…] [REGION=SE] [NUMBER=070-123 45 67] [BASE_URL=http://localhost:3000] \
 *     npx tsx examples/api-client/main.ts
 *
 * Codes are read from /dev/mail.json and /dev/sms.json, as a person would read their mail and
 * texts; against a real service, ask the person for them instead.
 */
import { signUpAndSignInWithCode, type CodeSource } from './client.ts';

const env = process.env;
const baseUrl = env.BASE_URL ?? 'http://localhost:3000';
if (!env.EMAIL) {
  process.stderr.write('Usage: EMAIL=<address> [PASSWORD=…] [REGION=SE] [NUMBER=070-123 45 67] [BASE_URL=http://localhost:3000] npx tsx examples/api-client/main.ts\n');
  process.exit(2);
}

/** The newest entry of a development inbox, polled for a few seconds while the dispatcher hands it over. */
async function newestCode(inbox: 'mail' | 'sms', to: string, field: 'text' | 'body', after: Set<string>): Promise<string> {
  for (let tries = 0; tries < 50; tries++) {
    const entries = (await (await fetch(`${baseUrl}/dev/${inbox}.json?to=${encodeURIComponent(to)}`)).json()) as Record<string, string>[];
    const newest = entries[0];
    const code = newest && !after.has(newest[field]!) ? /\b\d{6,10}\b/.exec(newest[field]!)?.[0] : undefined;
    if (newest && code) {
      after.add(newest[field]!);
      return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no new ${inbox} to ${to} in ${baseUrl}/dev/${inbox}.json`);
}

const seen = new Set<string>();
const codes: CodeSource = { mail: (email) => newestCode('mail', email, 'text', seen), text: (e164) => newestCode('sms', e164, 'body', seen) };
const result = await signUpAndSignInWithCode(
  baseUrl,
  { email: env.EMAIL, password: env.PASSWORD ?? 'korrekt häst batteri zebra', region: env.REGION ?? 'SE', number: env.NUMBER ?? '070-123 45 67' },
  codes,
).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
console.log(JSON.stringify(result, null, 2));
