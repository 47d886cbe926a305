import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file from a worker thread of its own.
 *
 * SQLite normally checkpoints inside whichever commit pushes the WAL past 1000 pages, and
 * that checkpoint fsyncs: one request in a few hundred stalls for it, on the event loop.
 * A PASSIVE checkpoint on another connection never blocks writers, so running it here keeps
 * the fsyncs off the request path. The main connection keeps a high automatic threshold as
 * a safety net, should this thread ever fall behind.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

// Runs as CommonJS inside the worker; the driver is required by absolute path.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
};
setInterval(checkpoint, workerData.intervalMs);
`;

export const SAFETY_NET_PAGES = 20_000;

export function startCheckpointer(path: string, onError: (message: string) => void, intervalMs = 500): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, { eval: true, workerData: { driver, path, intervalMs } });
  worker.on('message', (message: string) => onError(message));
  worker.on('error', (error) => onError(String(error)));
  worker.unref();
  return {
    /**
     * Ends the thread at once (its connection closes with it) rather than asking it to finish:
     * a thread still starting would take ~40 ms to hear. Call it before the service's own
     * connection closes, which, as the last, then checkpoints the WAL into the file and removes it.
     */
    async stop() {
      await worker.terminate();
    },
  };
}
