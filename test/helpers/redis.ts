import { Socket } from 'node:net';

/** The machine's Redis. REDISTEST_URL points elsewhere. */
export const testRedisUrl = process.env.REDISTEST_URL ?? 'redis://127.0.0.1:6379';

/** Why Redis tests cannot run here, or undefined when they can; in CI they must run. */
export async function redisUnavailable(): Promise<string | undefined> {
  const { hostname, port } = new URL(testRedisUrl);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = new Socket();
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(Number(port || 6379), hostname);
  });
  if (reachable) return undefined;
  if (process.env.CI) throw new Error(`Redis must be reachable in CI at ${testRedisUrl}`);
  return `Redis not reachable at ${testRedisUrl}`;
}
