import type { Config } from '../config/config.ts';
import { ConfigError, loadConfigWith } from '../config/load.ts';

/** The configuration (with `overrides` from the command line), or what is wrong with it on stderr and exit status 1. */
export function loadConfigOrExit(overrides: Readonly<Record<string, string>> = {}): Config {
  try {
    return loadConfigWith(overrides);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Runs `close` once on SIGTERM or SIGINT, then exits 0 (or 1 if closing failed). */
export function closeOnSignals(close: () => Promise<void>, log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void }): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
