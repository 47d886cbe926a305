import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { NewMessage } from '../../sms/outbox-queue-store.ts';
import type { Stores } from '../storage.ts';

export const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
export const LEASE = 30_000;

export const aMessage = (overrides: Partial<NewMessage> = {}): NewMessage => ({
  channel: 'sms',
  to: '+46701234567',
  subject: null,
  body: 'Din engångskod är 12345678.\n\n@login.example.se #12345678',
  locale: 'sv',
  purpose: 'sign_in',
  codeId: null,
  ...overrides,
});

/** A code text claimed once, as a dispatcher holds it before sending. */
export async function claimedText(stores: Stores, at = T0): Promise<string> {
  const id = await stores.outbox.queue.enqueue(aMessage({ codeId: randomUUID() }), at);
  const [message] = await stores.outbox.queue.claimDue('sms', at, LEASE, 1);
  assert.equal(message?.id, id);
  return id;
}

/** A mail as the mail queue writes it: a subject, an address, plain text with the code. */
export const aMail = (overrides: Partial<NewMessage> = {}): NewMessage => ({
  channel: 'mail',
  to: 'anna@example.se',
  subject: 'Bekräfta din e-postadress',
  body: 'Din kod är 12345678.\n\nhttps://login.example.se/verify-email?email=anna%40example.se&code=cdfghjkm',
  locale: 'sv',
  purpose: 'verify_email',
  codeId: null,
  ...overrides,
});
