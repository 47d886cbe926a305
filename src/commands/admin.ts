import type { buildApp } from '../app.ts';
import { normalizeEmail } from '../domain/accounts/email.ts';
import { MAX_GROUP_ADDRESSES, type ActivityView } from '../domain/activity/activity-log.ts';
import { retryTexts, type LeftBecause } from '../sms/outbox-retry.ts';
import { CHANNELS, MESSAGE_STATUSES, type Channel } from '../sms/outbox-model.ts';
import { openStorage } from '../storage/open-storage.ts';
import { commandLogger } from './command-logger.ts';
import { fail, numberValue, parseCommand, stringValue, type Parsed } from './args.ts';
import { loadConfigOrExit, refuseNoDatabase } from './load-config-or-exit.ts';
import { CommandExit, type Terminal } from './terminal.ts';
import { MIGRATE_USAGE, NUMBERS_USAGE, OUTBOX_USAGE, USERS_USAGE } from './usage.ts';

/**
 * Operator commands: `migrate`, `users`, `numbers` and `outbox` (status, list, retry). They use
 * the same services and stores as the web service, on the configured database, and print plain
 * text (or JSON with --json) to stdout. Mistakes in the arguments exit 2; unknown accounts or
 * numbers, and named texts `outbox retry` could not retry, exit 1. All but `migrate` refuse a
 * database that does not exist yet (exit 1), so one run from the wrong folder creates nothing.
 */


type Out = { json: boolean; print(value: unknown, text: () => string): void };

const output = (parsed: Parsed, terminal: Terminal): Out => {
  const json = parsed.values.json === true;
  return { json, print: (value, text) => terminal.out(`${json ? JSON.stringify(value, null, 2) : text()}\n`) };
};

const json = { json: { type: 'boolean' } } as const;


/** `engangskod migrate`: brings the database to the latest schema and stops (the service also does this at start). */
export async function migrate(args: readonly string[], terminal: Terminal): Promise<void> {
  if (parseCommand(args, {}, MIGRATE_USAGE).positionals.length > 0) fail(MIGRATE_USAGE, 2);
  const config = loadConfigOrExit(terminal);
  const storage = await openStorage(config, commandLogger(terminal));
  await storage.close();
  terminal.out(`database (${config.database.kind}) is at the latest schema\n`);
}

async function withApp<T>(terminal: Terminal, work: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit(terminal, {}, { existingDatabase: true });
  // The whole service only for the commands that act through its domain services (loaded here, not at start).
  const { buildApp: build } = await import('../app.ts');
  const app = await refuseNoDatabase(build(config, { logger: commandLogger(terminal), background: false, existingDatabase: true }));
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

const accountByEmail = async (app: Awaited<ReturnType<typeof buildApp>>, raw: string | undefined) => {
  const email = normalizeEmail(raw ?? '');
  if (!email.ok) return fail(`not an email address: ${raw ?? '(none)'}`, 2);
  // Operators see disabled accounts too (people signing in do not).
  return (await app.storage.accounts.findAnyByEmail(email.value)) ?? fail(`no account with the email ${email.value}`, 1);
};

/** What `users` does to one account, by its email. */
const ONE_ACCOUNT = ['show', 'sessions', 'disable', 'enable', 'delete'];

/**
 * `engangskod users list [--limit N]`, `users show <email>`, `users sessions <email>`, and
 * `users disable|enable|delete <email>`, which act at once (as `numbers remove` does): the
 * operator names the account by its full email.
 */
export async function users(args: readonly string[], terminal: Terminal): Promise<void> {
  const [sub, ...rest] = args;
  const parsed = parseCommand(rest, sub === 'list' ? { ...json, limit: { type: 'string' } } : json, USERS_USAGE);
  const out = output(parsed, terminal);
  const [target, ...extra] = parsed.positionals;
  if (sub === 'list' ? target !== undefined : !ONE_ACCOUNT.includes(sub ?? '') || target === undefined || extra.length > 0) fail(USERS_USAGE, 2);
  const limit = numberValue(parsed.values.limit, 'limit', 100, (n) => Number.isInteger(n) && n >= 1, 'a whole number from 1', USERS_USAGE);
  const at = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  await withApp(terminal, async (app) => {
    if (sub === 'list') {
      const accounts = await app.storage.accounts.list(limit);
      const rows = accounts.map((a) => ({ id: a.id, email: a.email, createdAt: new Date(a.createdAt).toISOString(), disabledAt: at(a.disabledAt) }));
      out.print(rows, () => rows.map((r) => `${r.createdAt}  ${r.email}  ${r.id}${r.disabledAt ? `  disabled ${r.disabledAt}` : ''}`).join('\n') || '(no accounts)');
      return;
    }
    const account = await accountByEmail(app, target);
    if (sub === 'disable') {
      const changed = await app.accountOperator.disable(account.id);
      out.print({ id: account.id, email: account.email, disabled: true, changed }, () => (changed ? `disabled ${account.email}; its sessions ended` : `${account.email} was disabled already; its sessions ended`));
      return;
    }
    if (sub === 'enable') {
      const changed = await app.accountOperator.enable(account.id);
      out.print({ id: account.id, email: account.email, disabled: false, changed }, () => (changed ? `enabled ${account.email}` : `${account.email} was not disabled`));
      return;
    }
    if (sub === 'delete') {
      // The farewell goes in Swedish, the service's first language: the account keeps no language.
      await app.services.accountDeletion.delete(account.id, 'sv');
      out.print({ id: account.id, email: account.email, deleted: true }, () => `deleted ${account.email} (${account.id}) and everything about it; the address is free`);
      return;
    }
    if (sub === 'sessions') {
      const sessions = await app.services.sessions.listOfAccount(account.id);
      const rows = sessions.map(({ current: _, ...s }) => s);
      out.print(rows, () => rows.map((s) => `${s.signedInAt}  ${s.method === 'pwd' ? 'password' : 'code    '}  ${s.ip ?? '-'}  ${s.browser ?? s.userAgent ?? 'unknown browser'}  last seen ${s.lastSeenAt}  ${s.id}`).join('\n') || '(no sessions)');
      return;
    }
    const phones = await app.services.securityInfo.list(account.id);
    const activity = await app.services.activity.list(account.id, 20);
    const view = { id: account.id, email: account.email, createdAt: new Date(account.createdAt).toISOString(), disabledAt: at(account.disabledAt), phones, activity };
    out.print(view, () =>
      [
        `${view.email} (${view.id}), created ${view.createdAt}${view.disabledAt ? `, disabled ${view.disabledAt}` : ''}`,
        'numbers:',
        ...(phones.length ? phones.map((p) => `  ${p.e164} ${p.region} ${p.verified ? 'verified' : 'not verified'} ${p.id}`) : ['  (none)']),
        'recent activity:',
        ...(activity.length ? activity.map(activityLine) : ['  (none)']),
      ].join('\n'),
    );
  });
}

/** One line of `users show`: a group of attempts says how many, since when and from how many addresses. */
const activityLine = (e: ActivityView): string => {
  const group = e.firstAt === undefined ? '' : ` ×${e.count} since ${e.firstAt} from ${e.addresses ?? 0}${(e.addresses ?? 0) >= MAX_GROUP_ADDRESSES ? '+' : ''} addresses, latest`;
  const detail = Object.keys(e.detail).length ? ` ${JSON.stringify(e.detail)}` : '';
  return `  ${e.at} ${e.kind}${group} ${e.ip ?? ''}${e.browser ? ` (${e.browser})` : ''}${detail}`;
};

/** `engangskod numbers <email>` lists an account's numbers; `numbers remove <email> <+number>` removes one. */
export async function numbers(args: readonly string[], terminal: Terminal): Promise<void> {
  const parsed = parseCommand(args, json, NUMBERS_USAGE);
  const out = output(parsed, terminal);
  const words = parsed.positionals;
  if (words[0] === 'remove' ? words.length !== 3 : words.length !== 1) fail(NUMBERS_USAGE, 2);
  await withApp(terminal, async (app) => {
    if (words[0] === 'remove') {
      const account = await accountByEmail(app, words[1]);
      const phone = (await app.services.securityInfo.list(account.id)).find((p) => p.e164 === words[2]) ?? fail(`${account.email} has no number ${words[2] ?? '(none)'}`, 1);
      // The operator's command has no language of the holder's: the notices go in the default one.
      await app.services.securityInfo.remove(account.id, phone.id, 'sv', { userAgent: 'engangskod CLI' });
      out.print({ removed: phone }, () => `removed ${phone.e164} from ${account.email}; codes sent to it no longer work`);
      return;
    }
    const account = await accountByEmail(app, words[0]);
    const phones = await app.services.securityInfo.list(account.id);
    out.print(phones, () => phones.map((p) => `${p.e164} ${p.region} ${p.verified ? 'verified' : 'not verified'} ${p.id}`).join('\n') || '(no numbers)');
  });
}


const LEFT_BECAUSE: Readonly<Record<LeftBecause, string>> = {
  unknown: 'no such text or mail',
  code_gone: 'failed with a code in it; the outbox keeps no code after a text fails, and it would have expired: the person asks for a new one',
  on_its_way: 'on its way: the dispatcher retries it or fails it over by itself',
  settled: 'settled: nothing to send',
  due_already: 'due already',
  sent_again_already: 'sent again already',
};

/**
 * `engangskod outbox status|list|retry`: texts and mails by status and transport with delivery
 * latency; the messages themselves (never their bodies, which hold codes); and sending again what
 * can be. `--channel=sms|mail` narrows each to one channel.
 */
export async function outbox(args: readonly string[], terminal: Terminal): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'status' && sub !== 'list' && sub !== 'retry') return fail(OUTBOX_USAGE, 2);
  const hoursOption = { hours: { type: 'string' }, channel: { type: 'string' } } as const;
  const parsed = parseCommand(rest, sub === 'list' ? { ...json, ...hoursOption, status: { type: 'string' }, limit: { type: 'string' } } : { ...json, ...hoursOption }, OUTBOX_USAGE);
  const out = output(parsed, terminal);
  const ids = parsed.positionals;
  if (sub !== 'retry' && ids.length > 0) return fail(OUTBOX_USAGE, 2);
  const hours = numberValue(parsed.values.hours, 'hours', 24, (n) => Number.isFinite(n) && n > 0, 'a positive number', OUTBOX_USAGE);
  const since = Date.now() - hours * 3600_000;
  const statusArg = stringValue(parsed.values.status);
  const status = statusArg === undefined ? undefined : (MESSAGE_STATUSES.find((s) => s === statusArg) ?? fail(`--status takes one of ${MESSAGE_STATUSES.join(', ')}
${OUTBOX_USAGE}`, 2));
  const channelArg = stringValue(parsed.values.channel);
  const channel: Channel | undefined = channelArg === undefined ? undefined : (CHANNELS.find((c) => c === channelArg) ?? fail(`--channel takes one of ${CHANNELS.join(', ')}
${OUTBOX_USAGE}`, 2));
  const limit = numberValue(parsed.values.limit, 'limit', 100, (n) => Number.isInteger(n) && n >= 1 && n <= 10_000, 'a whole number from 1 to 10000', OUTBOX_USAGE);
  await withApp(terminal, async (app) => {
    if (sub === 'list') {
      const texts = await app.storage.outbox.operator.list({ since, status, channel, limit });
      const at = (ms: number) => new Date(ms).toISOString();
      return out.print(texts, () =>
        texts
          .map((t) => `${at(t.createdAt)}  ${t.id}  ${t.channel.padEnd(4)} ${t.status.padEnd(9)} ${t.purpose.padEnd(16)} ${t.to.padEnd(16)} tries ${t.attempts}  ${t.transport ?? '-'}${t.lastError ? `  ${t.lastError}` : ''}`)
          .join('\n') || `(no ${channel === 'mail' ? 'mails' : channel === 'sms' ? 'texts' : 'texts or mails'} in the last ${hours} h)`,
      );
    }
    if (sub === 'retry') {
      const report = await retryTexts(app.storage, Date.now(), { ids: ids.length > 0 ? ids : undefined, since, channel });
      out.print(report, () =>
        [
          `${report.dueNow.length} waiting for a retry, now due${report.dueNow.length ? `: ${report.dueNow.join(', ')}` : ''}`,
          `${report.sentAgain.length} failed, sent again${report.sentAgain.length ? `: ${report.sentAgain.map((s) => `${s.id} as ${s.as}`).join(', ')}` : ''}`,
          ...report.left.map((l) => `left ${l.id}: ${LEFT_BECAUSE[l.because]}`),
        ].join('\n'),
      );
      // A named text that could not be retried is a failure the caller should see (what was left is said above).
      if (ids.length > 0 && report.left.length > 0) throw new CommandExit(1, '');
      return;
    }
    const channels = channel ? [channel] : CHANNELS;
    const report = await Promise.all(
      channels.map(async (c) => ({ channel: c, byStatus: await app.storage.outbox.operator.countByStatus(c), byTransport: await app.storage.outbox.operator.deliveryStats(since, c) })),
    );
    const noun = (c: Channel) => (c === 'sms' ? 'texts' : 'mails');
    // byStatus and byTransport cover what was asked (one channel, or both together); channels splits them.
    const [byStatus, byTransport] = await Promise.all([app.storage.outbox.operator.countByStatus(channel), app.storage.outbox.operator.deliveryStats(since, channel)]);
    const json = { byStatus, lastHours: hours, byTransport, channels: report };
    out.print(json, () =>
      report
        .flatMap(({ channel: c, byStatus, byTransport: stats }) => [
          `${noun(c)} in the outbox by status:`,
          ...(Object.keys(byStatus).length ? Object.entries(byStatus).map(([s, n]) => `  ${s.padEnd(10)} ${n}`) : ['  (none)']),
          `${noun(c)} by transport, last ${hours} h (latency from queued to status):`,
          ...(stats.length
            ? stats.map((r) => `  ${(r.transport ?? '-').padEnd(8)} ${r.status.padEnd(10)} ${String(r.count).padStart(6)}${r.latencyMs ? `  p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms` : ''}`)
            : ['  (none)']),
        ])
        .join('\n'),
    );
  });
}
