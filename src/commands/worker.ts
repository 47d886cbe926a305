import { limitHeapGrowth } from '../lib/heap.ts';
import { buildWorker } from '../worker.ts';
import { fail, parseCommand } from './args.ts';
import { closeOnSignals, loadConfigOrExit } from './load-config-or-exit.ts';
import type { Terminal } from './terminal.ts';
import { WORKER_USAGE } from './usage.ts';

/**
 * `engangskod worker`: sends texts and mails and nothing else. Run any number of them on the service's
 * database (with SMS_DISPATCHER=worker on the web service, which then only queues texts).
 */
export async function worker(args: readonly string[], terminal: Terminal): Promise<void> {
  if (parseCommand(args, {}, WORKER_USAGE).positionals.length > 0) fail(WORKER_USAGE, 2);
  const config = loadConfigOrExit(terminal);
  if (config.performance.heapGrowthLimit) limitHeapGrowth();
  const running = await buildWorker(config);
  running.start();
  running.logger.info({ transports: config.sms.transports, mailTransport: config.mail.transport, database: config.database.kind }, 'Engångskod SMS and mail worker is running');
  closeOnSignals(() => running.close(), running.logger);
}
