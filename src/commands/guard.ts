import { guardTarget, PumpingGuard, type GuardSuspension } from '../domain/code-delivery/pumping-guard.ts';
import { systemClock } from '../lib/clock.ts';
import { openStorage } from '../storage/open-storage.ts';
import { commandLogger } from './command-logger.ts';
import { fail, parseCommand } from './args.ts';
import { loadConfigOrExit, refuseNoDatabase } from './load-config-or-exit.ts';
import type { Terminal } from './terminal.ts';
import { GUARD_USAGE } from './usage.ts';

/**
 * `engangskod guard list` and `engangskod guard lift <prefix|region>`: the prefixes and regions
 * the pumping guard stopped texting. They work on the database, so every running instance
 * sees a lift at its next text.
 */


async function withGuard<T>(terminal: Terminal, work: (guard: PumpingGuard) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit(terminal, {}, { existingDatabase: true });
  const storage = await refuseNoDatabase(openStorage(config, commandLogger(terminal), { existing: true }));
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

export async function guard(args: readonly string[], terminal: Terminal): Promise<void> {
  const parsed = parseCommand(args, { json: { type: 'boolean' } }, GUARD_USAGE);
  const [sub, raw, ...extra] = parsed.positionals;
  if (sub === 'list' && raw === undefined) {
    await withGuard(terminal, async (g) => {
      const list = (await g.list()).map(describe);
      if (parsed.values.json === true) return terminal.out(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return terminal.out('nothing is suspended\n');
      for (const s of list) {
        terminal.out(`${s.key}  ${s.scope}  until ${s.until}  (in the hour before ${s.since}: ${s.texts} texts, ${s.codeTexts} with a code, ${s.conversions} used)\n`);
      }
    });
    return;
  }
  if (sub === 'lift' && raw !== undefined && extra.length === 0) {
    const target = guardTarget(raw) ?? fail(`not a prefix (+4670222) or a region (SE): ${raw}\n${GUARD_USAGE}`, 2);
    await withGuard(terminal, async (g) => {
      if (!(await g.lift(target))) fail(`${target.scope} ${target.key} is not suspended`, 1);
      terminal.out(`lifted: texts to ${target.scope} ${target.key} go again, and its count starts afresh\n`);
    });
    return;
  }
  fail(GUARD_USAGE, 2);
}
