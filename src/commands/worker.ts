import { limitHeapGrowth } from '../lib/heap.ts';
import { buildWorker } from '../worker.ts';
import { closeOnSignals, loadConfigOrExit } from './load-config-or-exit.ts';
import type { Terminal } from './terminal.ts';

/**
 * `engangskod worker`: sends texts and mails and nothing else. Run any number of them on the service's
 * database (with SMS_DISPATCHER=worker on the web service, which then only queues texts).
 */
export async function worker(terminal: Terminal): Promise<void> {
  const config = loadConfigOrExit(terminal);
  if (config.performance.heapGrowthLimit) limitHeapGrowth();
  const running = await buildWorker(config);
  running.start();
  running.logger.info({ transports: config.sms.transports, mailTransport: config.mail.transport, database: config.database.kind }, 'Engångskod SMS and mail worker is running');
  closeOnSignals(() => running.close(), running.logger);
}
