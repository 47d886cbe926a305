import type { ReportedStatus } from '../outbox-attempt-store.ts';

/** SMPP 3.4 message_state values (§5.2.28). */
const MESSAGE_STATES: Readonly<Record<number, ReportedStatus | undefined>> = {
  1: 'sent', // ENROUTE
  2: 'delivered', // DELIVERED
  3: 'expired', // EXPIRED
  4: 'failed', // DELETED
  5: 'failed', // UNDELIVERABLE
  6: 'sent', // ACCEPTED
  7: undefined, // UNKNOWN
  8: 'failed', // REJECTED
};

/** The `stat:` words of the receipt text (SMPP 3.4 Appendix B). */
const STAT_WORDS: Readonly<Record<string, ReportedStatus | undefined>> = {
  DELIVRD: 'delivered',
  EXPIRED: 'expired',
  DELETED: 'failed',
  UNDELIV: 'failed',
  REJECTD: 'failed',
  ACCEPTD: 'sent',
  ENROUTE: 'sent',
  UNKNOWN: undefined,
};

export interface Receipt {
  readonly gatewayId: string;
  readonly status: ReportedStatus | undefined;
  /** The receipt's own words for operators (`stat:UNDELIV err:001`). */
  readonly detail: string;
}

const clean = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.replace(/\0+$/, '').trim() || undefined;
  if (Buffer.isBuffer(value)) return value.toString('latin1').replace(/\0+$/, '').trim() || undefined;
  return undefined;
};

/**
 * A delivery receipt from a deliver_sm (esm_class bit 0x04): the TLVs receipted_message_id
 * and message_state when the SMSC sends them, else the `id:` and `stat:` of the text.
 */
export function parseReceipt(pdu: { esm_class?: unknown; short_message?: unknown; receipted_message_id?: unknown; message_state?: unknown }): Receipt | undefined {
  if (typeof pdu.esm_class !== 'number' || (pdu.esm_class & 0x3c) !== 0x04) return undefined;
  const message = pdu.short_message;
  const text = typeof message === 'object' && message !== null && 'message' in message ? clean((message as { message: unknown }).message) : clean(message);
  const idInText = text && /\bid:(\S+)/i.exec(text)?.[1];
  const statInText = text && /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase();
  const errInText = text && /\berr:(\w+)/i.exec(text)?.[1];
  const gatewayId = clean(pdu.receipted_message_id) ?? idInText;
  if (!gatewayId) return undefined;
  const state = typeof pdu.message_state === 'number' ? pdu.message_state : Buffer.isBuffer(pdu.message_state) ? pdu.message_state[0] : undefined;
  const status = state !== undefined && state in MESSAGE_STATES ? MESSAGE_STATES[state] : statInText ? STAT_WORDS[statInText] : undefined;
  const detail = [statInText && `stat:${statInText}`, errInText && `err:${errInText}`].filter(Boolean).join(' ');
  return { gatewayId, status, detail };
}
