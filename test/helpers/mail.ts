import type { DevMailEntry } from '../../src/mail/dev-mail-inbox-store.ts';
import type { TestApp } from './test-app.ts';

/** Reading the development mail inbox in tests, as the SMS helpers read texts. */
export type DevMail = DevMailEntry;

/** Hands every queued mail over to the dev inbox (the background dispatchers are off in tests). */
export async function drainMail(t: TestApp): Promise<void> {
  await t.app.mail.dispatcher.drain();
}

/** Every mail the dev inbox got for `to`, newest first, after all that was queued was handed over. */
export async function mailsTo(t: TestApp, to: string, limit = 100): Promise<readonly DevMail[]> {
  await drainMail(t);
  return t.app.storage.devMail.list({ to, limit });
}

export async function latestMail(t: TestApp, to: string): Promise<DevMail> {
  const [mail] = await mailsTo(t, to, 1);
  if (!mail) throw new Error(`no mail for ${to}`);
  return mail;
}

/** The code in the newest mail to `to`: its only run of OTP_LENGTH digits (the link spells it in letters). */
export async function latestMailCode(t: TestApp, to: string): Promise<string> {
  const mail = await latestMail(t, to);
  const n = t.app.config.otp.length;
  const code = new RegExp(`(?<![0-9])[0-9]{${n}}(?![0-9])`).exec(mail.text)?.[0];
  if (!code) throw new Error(`no code in the newest mail to ${to}: ${mail.text}`);
  return code;
}

/** The path and query of the link in the newest mail to `to` that leads to `path` on PUBLIC_URL. */
export async function latestMailLink(t: TestApp, to: string, path: string): Promise<string> {
  const mail = await latestMail(t, to);
  const base = t.app.config.publicUrl.href.replace(/\/$/, '');
  const found = mail.text.split(/\s+/).find((word) => word.startsWith(`${base}${path}`));
  if (!found) throw new Error(`no link to ${path} in the newest mail to ${to}: ${mail.text}`);
  const url = new URL(found);
  return `${url.pathname}${url.search}`;
}
