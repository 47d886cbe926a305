#!/usr/bin/env node
// `npm start` and older deployments run this file: the same as `engangskod serve` (src/cli.ts).
import { serve } from './commands/serve.ts';

await serve();
