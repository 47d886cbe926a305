/**
 * The peer people compare us with: better-auth's phone-number plugin, set up as its
 * documentation says (betterAuth with a better-sqlite3 database in WAL, the plugin's sendOTP,
 * signUpOnVerification, the schema from its own migrations), served by Fastify the way its
 * Fastify guide does (each request turned into a Fetch Request for `auth.handler`). Its texts
 * go to an inbox in memory, as ours go to the development inbox.
 *
 * Routes besides better-auth's own (`/api/auth/*`):
 *   GET  /peer/inbox?to=+46…     the newest code texted to a number ({code} or 404)
 *   POST /peer/seed {count}      signs up `count` numbers (send-otp, verify) and sends each a
 *                                fresh code, answering [{phoneNumber, code}] for the verify run
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { phoneNumber } from 'better-auth/plugins/phone-number';
import Fastify from 'fastify';

const port = Number(process.env.PORT ?? 0);
const baseURL = `http://127.0.0.1:${port}`;
const database = new SQLite(join(mkdtempSync(join(tmpdir(), 'engangskod-peer-')), 'peer.sqlite'));
database.pragma('journal_mode = WAL');
database.pragma('synchronous = NORMAL');

const inbox = new Map<string, string>();
const auth = betterAuth({
  baseURL,
  secret: 'peer benchmark secret of at least 32 characters',
  database,
  // The benchmark sends far more than a person would, as it does to our service with its limits raised.
  rateLimit: { enabled: false },
  plugins: [
    phoneNumber({
      sendOTP: ({ phoneNumber: to, code }) => {
        inbox.set(to, code);
      },
      signUpOnVerification: { getTempEmail: (to) => `${to.slice(1)}@peer.example.se`, getTempName: (to) => to },
    }),
  ],
});
await (await getMigrations(auth.options)).runMigrations();

const app = Fastify();
app.route({
  method: ['GET', 'POST'],
  url: '/api/auth/*',
  async handler(request, reply) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers.append(name, String(value));
    const response = await auth.handler(
      new Request(new URL(request.url, baseURL), {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      }),
    );
    reply.status(response.status);
    response.headers.forEach((value, name) => void reply.header(name, value));
    return reply.send(response.body ? await response.text() : null);
  },
});

app.get<{ Querystring: { to?: string } }>('/peer/inbox', async (request, reply) => {
  const code = inbox.get(String(request.query.to ?? ''));
  return code ? { code } : reply.code(404).send({ error: 'no text' });
});

app.post<{ Body: { count?: number; from?: number } }>('/peer/seed', async (request) => {
  const count = Number(request.body?.count ?? 0);
  const from = Number(request.body?.from ?? 0);
  const seeded: Array<{ phoneNumber: string; code: string }> = [];
  for (let i = from; i < from + count; i++) {
    const number = `+46702${String(i).padStart(6, '0')}`;
    await auth.api.sendPhoneNumberOTP({ body: { phoneNumber: number } });
    await auth.api.verifyPhoneNumber({ body: { phoneNumber: number, code: inbox.get(number)! } });
    await auth.api.sendPhoneNumberOTP({ body: { phoneNumber: number } });
    seeded.push({ phoneNumber: number, code: inbox.get(number)! });
  }
  return seeded;
});

const address = await app.listen({ port, host: '127.0.0.1' });
console.log(`peer listening ${address}`);
