import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The environment with settings from a file beneath it: the file `ENV_FILE` names (which must
 * exist), else `.env` in the working folder if there is one. Variables already in the
 * environment win, so a service manager or a one-off `PORT=… engangskod serve` overrides the
 * file. The file is parsed, not loaded into process.env, so the environment stays as given.
 */
export function withEnvFile(env: Env, cwd: string): { env: Env; problem?: string } {
  const named = env.ENV_FILE?.trim();
  const path = resolve(cwd, named || '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!named && (error as NodeJS.ErrnoException).code === 'ENOENT') return { env };
    return { env, problem: `ENV_FILE: cannot read ${path}: ${(error as Error).message}` };
  }
  return { env: { ...parseEnv(text), ...env } };
}
