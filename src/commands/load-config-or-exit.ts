import type { Config } from '../config/config.ts';
import { ConfigError, loadConfigWith, type LoadOptions } from '../config/load.ts';
import { NoDatabaseYetError } from '../storage/open-storage.ts';
import { CommandExit, type Terminal } from './terminal.ts';

/** The configuration from the terminal's environment (with `overrides` from the command line), or what is wrong with it on stderr and exit status 1. */
export function loadConfigOrExit(terminal: Terminal, overrides: Readonly<Record<string, string>> = {}, options: LoadOptions = {}): Config {
  try {
    return loadConfigWith(terminal, overrides, options);
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandExit(1, error.message);
    throw error;
  }
}

/**
 * The opened database, or, when it holds nothing of the service's (a PostgreSQL database never
 * set up: the wrong DATABASE_URL), what is wrong on stderr and exit status 1.
 */
export async function refuseNoDatabase<T>(opening: Promise<T>): Promise<T> {
  try {
    return await opening;
  } catch (error) {
    if (error instanceof NoDatabaseYetError) throw new CommandExit(1, error.message);
    throw error;
  }
}

/** How long a graceful shutdown may take before the process ends anyway (under systemd's 90 s stop timeout). */
export const SHUTDOWN_DEADLINE_MS = 30_000;

/**
 * Runs `close` once on SIGTERM or SIGINT, then exits 0 (or 1 if closing failed). A shutdown
 * stuck on a hung connection or gateway must not need SIGKILL: a second signal, or
 * SHUTDOWN_DEADLINE_MS, ends the process with status 1.
 */
export function closeOnSignals(close: () => Promise<void>, log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void }, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      log.error({ signal }, 'second signal while shutting down: exiting now');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down');
    // Unref'd: a shutdown that finishes in time exits without waiting for it.
    setTimeout(() => {
      log.error({ deadlineMs }, 'shutdown did not finish in time: exiting now');
      process.exit(1);
    }, deadlineMs).unref();
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
