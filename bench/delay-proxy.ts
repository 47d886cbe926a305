/**
 * A TCP proxy that holds every chunk for a while each way: PostgreSQL as if it ran on another
 * machine (`npm run bench -- --postgres-delay 1`). Node's timers count whole milliseconds, so
 * the delay is at least 1 ms each way. Run as its own process, so the load generator's busy
 * event loop does not stretch the delay; it prints the port it listens on.
 *
 *   node --import tsx bench/delay-proxy.ts <target port> <delay ms>
 */
import net from 'node:net';

const [target, delayMs] = [Number(process.argv[2]), Number(process.argv[3])];
if (!Number.isInteger(target) || !(delayMs >= 1)) throw new Error('usage: delay-proxy.ts <target port> <delay ms ≥ 1>');

/** Chunks leave in the order they came: timers of one delay fire in the order they were set. */
function forward(from: net.Socket, to: net.Socket): void {
  from.on('data', (chunk) => setTimeout(() => to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delayMs));
}

const server = net.createServer((client) => {
  const database = net.connect(target, '127.0.0.1');
  client.setNoDelay(true);
  database.setNoDelay(true);
  forward(client, database);
  forward(database, client);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as net.AddressInfo).port}\n`);
});
