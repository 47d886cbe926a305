import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

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
    const account = await t.app.services.accounts.signUp(email, 'correct horse battery staple');
    assert.ok(account.ok);
    const phone = { id: `phone-${e164}`, accountId: account.value.id, region: 'SE', e164, verifiedAt: 1, createdAt: 1 };
    await t.app.storage.phones.insert(phone);
    return phone;
  };

  it('queues a text for each code and notice, and sends them once the transaction has committed', async () => {
    t = await startTestApp();
    const phone = await newPhone('gate@example.se', '+46701110001');
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    const issued = await transaction(async (stores) => {
      const code = await sending.code(stores, { accountId: phone.accountId, purpose: 'sign_in' }, phone, 'en');
      await sending.notice(stores, { to: phone.e164, locale: 'en', kind: 'phone_added', lastDigits: '1234' });
      return code;
    });
    assert.equal(sending.texts, 2);
    await sending.settle();
    const texts = await inbox(phone.e164);
    assert.equal(texts.length, 2);
    assert.ok(texts.some((text) => text.body.endsWith(`#${issued.code}`)));
  });

  it('sends no text to a test number and counts none against the budget', async () => {
    t = await startTestApp({ TEST_NUMBERS: '+46701110002=12345678', SMS_HOURLY_BUDGET: '1' });
    const phone = await newPhone('reviewer@example.se', '+46701110002');
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    const issued = await transaction((stores) => sending.code(stores, { accountId: phone.accountId, purpose: 'sign_in' }, phone, 'sv'));
    assert.equal(issued.code, '12345678');
    assert.equal(sending.texts, 0);
    await sending.settle();
    assert.deepEqual(await inbox(phone.e164), []);
    assert.ok((await delivery.admit({ e164: '+46701110003', region: 'SE' }, '192.0.2.1')).ok, 'the one text of the hour is still there');
  });

  it('queues a decoy that is never sent and costs nothing, for a request that matched nothing', async () => {
    t = await startTestApp({ SMS_HOURLY_BUDGET: '1' });
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    await transaction((stores) => sending.decoy(stores, 'sv'));
    await sending.settle();
    await t.app.dispatcher.drain();
    assert.deepEqual(await t.app.storage.devInbox.list({ limit: 10 }), []);
    assert.ok((await delivery.admit({ e164: '+46701110004', region: 'SE' }, '192.0.2.1')).ok);
  });

  it('queues nothing when the transaction rolls back', async () => {
    t = await startTestApp();
    const phone = await newPhone('rollback@example.se', '+46701110005');
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    await assert.rejects(
      transaction(async (stores) => {
        await sending.code(stores, { accountId: phone.accountId, purpose: 'sign_in' }, phone, 'sv');
        throw new Error('something later in the request failed');
      }),
    );
    assert.deepEqual(await inbox(phone.e164), []);
  });

  it('spends the hourly budget by texts sent, reports when it is spent, and then admits nothing', async () => {
    t = await startTestApp({ SMS_HOURLY_BUDGET: '2' });
    const phone = await newPhone('budget@example.se', '+46701110006');
    const { delivery, transaction } = t.app.domain;
    const sending = delivery.begin();
    await transaction(async (stores) => {
      await sending.code(stores, { accountId: phone.accountId, purpose: 'sign_in' }, phone, 'sv');
      await sending.notice(stores, { to: phone.e164, locale: 'sv', kind: 'phone_added', lastDigits: '0006' });
    });
    assert.equal(await budgetSpentCount(), 0);
    await sending.settle();
    assert.equal(await budgetSpentCount(), 1);
    const refused = await delivery.admit({ e164: '+46709990000', region: 'NO' }, '198.51.100.1');
    assert.ok(!refused.ok);
    assert.equal(refused.error, 'rate_limited');
    assert.ok((refused.retryAfterSeconds ?? 0) > 0);
  });

  it('admits a destination prefix PREFIX_LIMIT_PER_HOUR times an hour, whoever asks, and others as before', async () => {
    t = await startTestApp({ PREFIX_LIMIT_PER_HOUR: '2' });
    const { delivery } = t.app.domain;
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push((await delivery.admit({ e164: `+4670222000${i}`, region: 'SE' }, `192.0.2.${i + 1}`)).ok);
    assert.deepEqual(tries, [true, true, false]);
    assert.ok((await delivery.admit({ e164: '+46703330000', region: 'SE' }, '192.0.2.9')).ok);
  });
});
