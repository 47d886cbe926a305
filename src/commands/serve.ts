import { buildApp } from '../app.ts';
import { closeOnSignals, loadConfigOrExit } from './load-config-or-exit.ts';

/** `engangskod serve`: configuration → app → listen; SIGTERM/SIGINT close it gracefully. */
export async function serve(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await buildApp(config);
  const address = await app.server.listen({ port: config.port, host: config.host });
  app.logger.info({ address, publicUrl: config.publicUrl.href, database: config.database.kind }, 'Engångskod is running');
  closeOnSignals(() => app.close(), app.logger);
}
