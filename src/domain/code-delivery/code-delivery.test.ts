import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import type { Phone } from '../security-info/phone-store.ts';
import type { DomainStores } from '../unit-of-work.ts';
import type { Sender, TextBatch } from './code-delivery.ts';

/**
 * The one gate every text passes, on the real app's wiring (SQLite, the outbox, the dispatcher
 * and the dev inbox): what it queues, what it counts, and what it refuses.
 */
describe('CodeDelivery', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const inbox = async (to: string) => {
    await t.app.dispatcher.drain();
    return t.app.storage.devInbox.list({ to, limit: 10 });
  };
  const budgetSpentCount = async () => (await t.app.services.metrics.smsBudgetSpent.get()).values[0]?.value ?? 0;
  const newPhone = async (email: string, e164: string) => {
    const account = await provenAccount(t, email, 'correct horse battery staple');
    assert.ok(account.ok);
    const phone: Phone = { id: `phone-${e164}`, accountId: account.value.id, region: 'SE', e164, verifiedAt: 1, createdAt: 1 };
    await t.app.storage.phones.insert(phone);
    return phone;
  };

  const signInCode = (phone: Phone, sender: Sender = 'holder') =>
    (stores: DomainStores, sending: TextBatch) => sending.code(stores, { accountId: phone.accountId, purpose: 'sign_in' }, phone, 'sv', { sender });
  /** One code text to `phone` in a transaction of its own; the code, or undefined when withheld. */
  const sendOne = async (phone: Phone, sender: Sender = 'holder') => {
    const sending = t.app.domain.delivery.begin();
    const issued = await t.app.domain.transaction((stores) => signInCode(phone, sender)(stores, sending));
    await sending.settle();
    // Sent before the next one replaces its code (a replaced code's text is not sent).
    await t.app.dispatcher.drain();
    return issued;
  };
  const withheld = async () => Object.fromEntries((await t.app.services.metrics.textsWithheld.get()).values.map((v) => [v.labels.reason, v.value]));

  it('queues a text for each code and notice, and sends them once the transaction has committed', async () => {
    t = await startTestApp();
    const phone = await newPhone('gate@example.se', '+46701110001');
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    const issued = await transaction(async (stores) => {
      const code = await signInCode(phone)(stores, sending);
      await sending.notice(stores, { to: phone.e164, region: 'SE', locale: 'en', kind: 'phone_added', lastDigits: '1234' });
      return code;
    });
    assert.equal(sending.texts, 2);
    await sending.settle();
    const texts = await inbox(phone.e164);
    assert.equal(texts.length, 2);
    assert.ok(issued);
    assert.ok(texts.some((text) => text.body.endsWith(`#${issued.code}`)));
  });

  it('sends no text to a test number and counts none against the budget', async () => {
    t = await startTestApp({ TEST_NUMBERS: '+46701110002=12345678', SMS_HOURLY_BUDGET: '1' });
    const phone = await newPhone('reviewer@example.se', '+46701110002');
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    const issued = await transaction((stores) => signInCode(phone)(stores, sending));
    assert.equal(issued?.code, '12345678');
    assert.equal(sending.texts, 0);
    await sending.settle();
    assert.deepEqual(await inbox(phone.e164), []);
    const other = await newPhone('other@example.se', '+46701110003');
    assert.ok(await sendOne(other), 'the one text of the hour is still there');
  });

  it('queues a decoy that is never sent and costs nothing, for a request that matched nothing', async () => {
    t = await startTestApp({ SMS_HOURLY_BUDGET: '1', SMS_PER_NUMBER_DAILY: '1', PREFIX_LIMIT_PER_HOUR: '1' });
    const phone = await newPhone('decoy@example.se', '+46701110004');
    const { delivery, transaction } = t.app.domain;
    for (let i = 0; i < 3; i++) {
      const sending = delivery.begin();
      await transaction((stores) => sending.decoy(stores, phone, 'sv'));
      await sending.settle();
    }
    await t.app.dispatcher.drain();
    assert.deepEqual(await t.app.storage.devInbox.list({ limit: 10 }), []);
    assert.ok(await sendOne(phone), 'no cap on the number, its prefix or the hour was touched');
  });

  it('queues nothing when the transaction rolls back', async () => {
    t = await startTestApp();
    const phone = await newPhone('rollback@example.se', '+46701110005');
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    await assert.rejects(
      transaction(async (stores) => {
        await signInCode(phone)(stores, sending);
        throw new Error('something later in the request failed');
      }),
    );
    assert.deepEqual(await inbox(phone.e164), []);
  });

  it('judges a text by the gate reading its caller took earlier in the transaction, and only for the number it was read for', async () => {
    t = await startTestApp({ SMS_PER_NUMBER_DAILY: '2' });
    const phone = await newPhone('read@example.se', '+46701110007');
    const other = await newPhone('other@example.se', '+46701110008');
    const { delivery, transaction } = t.app.domain;
    const subject = { accountId: phone.accountId, purpose: 'sign_in' } as const;
    const sendWithReading = async () => {
      const sending = delivery.begin();
      const issued = await transaction(async (stores) => {
        const gate = await sending.gate(stores, phone);
        return sending.code(stores, subject, phone, 'sv', { sender: 'holder', gate });
      });
      await sending.settle();
      await t.app.dispatcher.drain();
      return issued;
    };
    assert.ok(await sendWithReading());
    assert.ok(await sendWithReading(), 'the second of the day');
    assert.equal(await sendWithReading(), undefined, 'the reading counted both: withheld');
    assert.deepEqual(await withheld(), { number_daily: 1 });
    const sending = delivery.begin();
    await assert.rejects(
      transaction(async (stores) => sending.code(stores, subject, phone, 'sv', { sender: 'holder', gate: await sending.gate(stores, other) })),
      /another number/,
    );
    assert.equal((await inbox(phone.e164)).length, 2);
  });

  it('spends the hourly budget by texts sent, reports when it is spent, and then withholds texts', async () => {
    t = await startTestApp({ SMS_HOURLY_BUDGET: '2' });
    const phone = await newPhone('budget@example.se', '+46701110006');
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    await transaction(async (stores) => {
      await signInCode(phone)(stores, sending);
      await sending.notice(stores, { to: phone.e164, region: 'SE', locale: 'sv', kind: 'phone_added', lastDigits: '0006' });
    });
    assert.equal(await budgetSpentCount(), 0);
    await sending.settle();
    assert.equal(await budgetSpentCount(), 1);
    const elsewhere = await newPhone('elsewhere@example.no', '+4791234567');
    assert.equal(await sendOne({ ...elsewhere, region: 'NO' }), undefined, 'withheld: no code issued, no text');
    assert.deepEqual(await withheld(), { budget: 1 });
    assert.deepEqual(await inbox(elsewhere.e164), []);
  });

  it('sends a destination prefix PREFIX_LIMIT_PER_HOUR texts an hour, whoever asks, and other prefixes as before', async () => {
    t = await startTestApp({ PREFIX_LIMIT_PER_HOUR: '2' });
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push((await sendOne(await newPhone(`prefix${i}@example.se`, `+4670222000${i}`))) !== undefined);
    assert.deepEqual(sent, [true, true, false]);
    assert.ok(await sendOne(await newPhone('other-prefix@example.se', '+46703330000')));
    assert.deepEqual(await withheld(), { prefix: 1 });
  });

  it('sends one number SMS_PER_NUMBER_DAILY texts a day of every kind, strangers half of them, and says which is the last', async () => {
    t = await startTestApp({ SMS_PER_NUMBER_DAILY: '4' });
    const phone = await newPhone('capped@example.se', '+46701110007');
    const strangers = [await sendOne(phone, 'stranger'), await sendOne(phone, 'stranger'), await sendOne(phone, 'stranger')];
    assert.deepEqual(strangers.map(Boolean), [true, true, false], 'strangers get half of the day');
    const holder = [await sendOne(phone), await sendOne(phone), await sendOne(phone)];
    assert.deepEqual(holder.map(Boolean), [true, true, false], 'the holder keeps the rest');
    const bodies = (await inbox(phone.e164)).map((text) => text.body).reverse();
    assert.equal(bodies.length, 4);
    assert.deepEqual(bodies.map((body) => body.includes('dagens sista kod')), [false, true, false, true], 'the last of each share says so');
    assert.deepEqual(await withheld(), { number_strangers: 1, number_daily: 1 });
    t.clock.advanceSeconds(24 * 3600 + 1);
    assert.ok(await sendOne(phone, 'stranger'), 'a rolling day later the number has texts again');
  });
});
