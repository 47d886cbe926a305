import pino, { type Logger } from 'pino';
import type { Terminal } from './terminal.ts';

/** Warnings and errors of a data command, on the terminal's stderr: stdout carries only what it prints (and --json stays parseable). */
export const commandLogger = (terminal: Terminal): Logger => pino({ level: 'warn' }, { write: (line: string) => terminal.err(line) });
