#!/usr/bin/env node
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config/load.ts';

/** Start-up: configuration → app → listen; SIGTERM/SIGINT close it gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await buildApp(config);
  const address = await app.server.listen({ port: config.port, host: config.host });
  app.logger.info({ address, publicUrl: config.publicUrl.href, database: config.database.kind }, 'Engångskod is running');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
