#!/usr/bin/env node
// `npm start` and older deployments run this file: the same as `engangskod serve` (src/cli.ts).
import { runCommand } from './commands/commands.ts';
import { processTerminal } from './commands/terminal.ts';

process.exitCode = await runCommand(['serve'], processTerminal);
