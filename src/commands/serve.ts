import { buildApp } from '../app.ts';
import { limitHeapGrowth } from '../lib/heap.ts';
import { fail, parseCommand } from './args.ts';
import { closeOnSignals, loadConfigOrExit } from './load-config-or-exit.ts';
import type { Terminal } from './terminal.ts';
import { SERVE_USAGE } from './usage.ts';

/**
 * `engangskod serve [--no-worker]`: configuration → app → listen; SIGTERM/SIGINT close it
 * gracefully. `--no-worker` makes a web-only instance (as SMS_DISPATCHER=worker): it queues
 * texts and `engangskod worker` processes send them.
 */

export async function serve(args: readonly string[], terminal: Terminal): Promise<void> {
  const { values, positionals } = parseCommand(args, { 'no-worker': { type: 'boolean' } }, SERVE_USAGE);
  if (positionals.length > 0) fail(SERVE_USAGE, 2);
  const config = loadConfigOrExit(terminal, values['no-worker'] === true ? { SMS_DISPATCHER: 'worker' } : {});
  if (config.performance.heapGrowthLimit) limitHeapGrowth();
  const app = await buildApp(config);
  // The socket address is not where people should go: pages, cookies and the CSRF check all
  // follow PUBLIC_URL, so that is the one address the log tells them to open.
  const address = await app.server.listen({ port: config.port, host: config.host, listenTextResolver: (at) => `Listening on ${at}` });
  app.logger.info({ address, publicUrl: config.publicUrl.href, database: config.database.kind }, `Engångskod is running: open ${config.publicUrl.href}`);
  closeOnSignals(() => app.close(), app.logger);
}
