import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { NewMessage } from '../../sms/outbox-queue-store.ts';
import type { Stores } from '../storage.ts';

export const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
export const LEASE = 30_000;

export const aMessage = (overrides: Partial<NewMessage> = {}): NewMessage => ({
  to: '+46701234567',
  body: 'Din engångskod är 12345678.\n\n@login.example.se #12345678',
  locale: 'sv',
  purpose: 'sign_in',
  codeId: null,
  ...overrides,
});

/** A code text claimed once, as a dispatcher holds it before sending. */
export async function claimedText(stores: Stores, at = T0): Promise<string> {
  const id = await stores.outbox.queue.enqueue(aMessage({ codeId: randomUUID() }), at);
  const [message] = await stores.outbox.queue.claimDue(at, LEASE, 1);
  assert.equal(message?.id, id);
  return id;
}
