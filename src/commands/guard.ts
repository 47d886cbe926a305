import pino from 'pino';
import { guardTarget, PumpingGuard, type GuardSuspension } from '../domain/code-delivery/pumping-guard.ts';
import { systemClock } from '../lib/clock.ts';
import { openStorage } from '../storage/open-storage.ts';
import { fail, parseCommand } from './args.ts';
import { loadConfigOrExit, refuseNoDatabase } from './load-config-or-exit.ts';
import { GUARD_USAGE } from './usage.ts';

/**
 * `engangskod guard list` and `engangskod guard lift <prefix|region>`: the prefixes and regions
 * the pumping guard stopped texting. They work on the database, so every running instance
 * sees a lift at its next text.
 */


async function withGuard<T>(work: (guard: PumpingGuard) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit({}, { existingDatabase: true });
  // Logs go to stderr, so stdout carries only what the command prints.
  const storage = await refuseNoDatabase(openStorage(config, pino({ level: 'warn' }, pino.destination(2)), { existing: true }));
  const settings = { minTexts: config.limits.guardMinTexts, minConversion: config.limits.guardMinConversion };
  try {
    return await work(new PumpingGuard({ store: storage.guard, clock: systemClock, settings }));
  } finally {
    await storage.close();
  }
}

const describe = (s: GuardSuspension) => ({
  scope: s.scope,
  key: s.key,
  since: new Date(s.since).toISOString(),
  until: new Date(s.until).toISOString(),
  ...s.tally,
});

export async function guard(args: readonly string[]): Promise<void> {
  const parsed = parseCommand(args, { json: { type: 'boolean' } }, GUARD_USAGE);
  const [sub, raw, ...extra] = parsed.positionals;
  if (sub === 'list' && raw === undefined) {
    await withGuard(async (g) => {
      const list = (await g.list()).map(describe);
      if (parsed.values.json === true) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return void process.stdout.write('nothing is suspended\n');
      for (const s of list) {
        process.stdout.write(`${s.key}  ${s.scope}  until ${s.until}  (in the hour before ${s.since}: ${s.texts} texts, ${s.codeTexts} with a code, ${s.conversions} used)\n`);
      }
    });
    return;
  }
  if (sub === 'lift' && raw !== undefined && extra.length === 0) {
    const target = guardTarget(raw) ?? fail(`not a prefix (+4670222) or a region (SE): ${raw}\n${GUARD_USAGE}`, 2);
    await withGuard(async (g) => {
      if (!(await g.lift(target))) fail(`${target.scope} ${target.key} is not suspended`, 1);
      process.stdout.write(`lifted: texts to ${target.scope} ${target.key} go again, and its count starts afresh\n`);
    });
    return;
  }
  fail(GUARD_USAGE, 2);
}
