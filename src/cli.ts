#!/usr/bin/env node
import { runCommand } from './commands/commands.ts';
import { processTerminal } from './commands/terminal.ts';

// `engangskod`: the commands are in commands/commands.ts, which tests also run in-process.
process.exitCode = await runCommand(process.argv.slice(2), processTerminal);
