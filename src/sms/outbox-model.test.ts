import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DECOY_STATUS,
  MESSAGE_STATUSES,
  OUTBOX_TRANSITIONS,
  fromStatuses,
  nextStatus,
  reportEvent,
  statusAfter,
  type MessageStatus,
  type OutboxEvent,
} from './outbox-model.ts';

/**
 * The whole table written out again by hand, one line per allowed move: a change to the model
 * must change this list too, so no transition appears or disappears unnoticed.
 */
const ALLOWED: readonly (readonly [MessageStatus, OutboxEvent, MessageStatus])[] = [
  ['queued', 'claimed', 'sending'],
  ['sending', 'lease_lapsed', 'sending'],
  ['sent', 'failover_due', 'sending'],
  ['sending', 'previous_attempt_in_doubt', 'sent'],
  ['sending', 'previous_attempt_accepted', 'sent'],
  ['sending', 'failover_dropped', 'sent'],
  ['sending', 'code_used_or_replaced', 'cancelled'],
  ['sending', 'code_expired', 'expired'],
  ['sending', 'gateway_accepted', 'sent'],
  ['sent', 'gateway_accepted', 'sent'],
  ['sending', 'gateway_delivered', 'delivered'],
  ['sent', 'gateway_delivered', 'delivered'],
  ['sending', 'gateway_silent', 'sent'],
  ['sent', 'gateway_silent', 'sent'],
  ['sending', 'send_failed', 'queued'],
  ['sending', 'send_failed_for_good', 'failed'],
  ['queued', 'report_delivered', 'delivered'],
  ['sending', 'report_delivered', 'delivered'],
  ['sent', 'report_delivered', 'delivered'],
  ['failed', 'report_delivered', 'delivered'],
  ['expired', 'report_delivered', 'delivered'],
  ['cancelled', 'report_delivered', 'delivered'],
  ['sending', 'report_sent', 'sent'],
  ['sent', 'report_sent', 'sent'],
  ['sending', 'report_failed', 'queued'],
  ['sent', 'report_failed', 'queued'],
  ['sending', 'report_failed_on_last', 'failed'],
  ['sent', 'report_failed_on_last', 'failed'],
  ['sending', 'report_expired', 'expired'],
  ['sent', 'report_expired', 'expired'],
  ['queued', 'made_due', 'queued'],
  ['failed', 'resent', 'failed'],
];

const EVENTS = Object.keys(OUTBOX_TRANSITIONS) as OutboxEvent[];

describe('the outbox model (status × event → status)', () => {
  it('allows exactly the listed transitions and refuses every other pair of status and event', () => {
    const allowed = new Map(ALLOWED.map(([from, event, to]) => [`${from} ${event}`, to]));
    for (const status of MESSAGE_STATUSES) {
      for (const event of EVENTS) {
        assert.equal(nextStatus(status, event), allowed.get(`${status} ${event}`), `${status} + ${event}`);
      }
    }
  });

  it('never moves a delivered text anywhere, least of all back to queued', () => {
    for (const event of EVENTS) assert.equal(nextStatus('delivered', event), undefined, event);
  });

  it('lets only a delivered report or an operator move a final text (failed, expired, cancelled)', () => {
    for (const status of ['failed', 'expired', 'cancelled'] as const) {
      const moves = EVENTS.filter((event) => nextStatus(status, event) !== undefined);
      assert.deepEqual(moves, status === 'failed' ? ['report_delivered', 'resent'] : ['report_delivered'], status);
    }
  });

  it('takes a late delivered report after a failover, and ignores a late failure of the replaced attempt', () => {
    // Failed over: the text is on its next transport (queued, or claimed and sending again).
    const late = { currentAttempt: false, onLastTransport: true };
    for (const status of ['queued', 'sending', 'sent'] as const) {
      assert.equal(nextStatus(status, reportEvent('delivered', late)), 'delivered', status);
      assert.equal(nextStatus(status, reportEvent('failed', late)), undefined, status);
      assert.equal(nextStatus(status, reportEvent('expired', late)), undefined, status);
      assert.equal(nextStatus(status, reportEvent('sent', late)), undefined, status);
    }
  });

  it('sends a text on to the next transport on a failed report, and fails it on the last one', () => {
    assert.equal(nextStatus('sent', reportEvent('failed', { currentAttempt: true, onLastTransport: false })), 'queued');
    assert.equal(nextStatus('sent', reportEvent('failed', { currentAttempt: true, onLastTransport: true })), 'failed');
    assert.equal(nextStatus('sent', reportEvent('expired', { currentAttempt: true, onLastTransport: false })), 'expired', 'an expired text is not retried');
    assert.equal(nextStatus('queued', reportEvent('failed', { currentAttempt: true, onLastTransport: false })), undefined, 'already on its way on');
  });

  it('claims only queued, lapsed sending and unreported sent texts', () => {
    assert.deepEqual(fromStatuses('claimed', 'lease_lapsed', 'failover_due'), ['queued', 'sending', 'sent']);
    for (const status of ['delivered', 'failed', 'expired', 'cancelled'] as const) {
      assert.equal(EVENTS.some((event) => nextStatus(status, event) === 'sending'), false, status);
    }
  });

  it('gives the union of the events’ statuses, in the order of MESSAGE_STATUSES, for a conditional update', () => {
    assert.deepEqual(fromStatuses('gateway_accepted', 'gateway_delivered', 'gateway_silent'), ['sending', 'sent']);
    assert.deepEqual(fromStatuses('report_delivered'), ['queued', 'sending', 'sent', 'failed', 'expired', 'cancelled']);
    assert.deepEqual(fromStatuses('report_outdated'), []);
  });

  it('throws when a caller holds a text in a status the event cannot apply to (a bug, not an outcome)', () => {
    assert.equal(statusAfter('sending', 'send_failed'), 'queued');
    assert.throws(() => statusAfter('delivered', 'send_failed'), /send_failed cannot happen to a delivered text/);
  });

  it('keeps decoys outside the model: no event leads to or from them', () => {
    assert.ok(!(MESSAGE_STATUSES as readonly string[]).includes(DECOY_STATUS));
    for (const event of EVENTS) assert.notEqual(OUTBOX_TRANSITIONS[event].to, DECOY_STATUS);
  });
});
