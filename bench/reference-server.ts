/**
 * The benchmark's yardstick: bare Fastify doing one SQLite INSERT per request, with the same
 * SQLite settings as the service (WAL, synchronous=NORMAL). What the service's routes reach
 * as a share of this is what the performance goals are stated in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';

const db = new SQLite(join(mkdtempSync(join(tmpdir(), 'engangskod-ref-')), 'ref.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table if not exists events (id integer primary key, email text not null, at integer not null)');
const insert = db.prepare('insert into events (email, at) values (?, ?)');

const app = Fastify();
app.post<{ Body: { email: string } }>('/reference', async (request, reply) => {
  insert.run(String(request.body?.email ?? ''), Date.now());
  return reply.code(202).send({ status: 'accepted' });
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`reference listening ${address}`);
