import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { provenAccount } from '../../../test/helpers/accounts.ts';

/** The security-info rules at the service, on the real app's wiring (SQLite, outbox, dev inbox). */
describe('SecurityInfoService', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const account = async (email: string) => {
    const created = await provenAccount(t, email, 'correct horse battery staple');
    assert.ok(created.ok);
    return created.value.id;
  };
  const texts = async (to: string) => {
    await t.app.dispatcher.drain();
    return (await t.app.storage.devInbox.list({ to, limit: 10 })).map((e) => e.body);
  };
  const codeIn = (body: string | undefined) => /#(\d+)$/.exec(body ?? '')?.[1] ?? '';

  it('adds a number unverified, texts it a code that proves it, and tells the other verified numbers', async () => {
    t = await startTestApp();
    const s = t.app.services.securityInfo;
    const id = await account('info@example.se');
    const first = await s.add(id, 'SE', '070-444 00 01', 'en');
    assert.ok(first.ok);
    assert.equal(first.value.verified, false);
    const verified = await s.verify(id, first.value.id, codeIn((await texts('+46704440001'))[0]));
    assert.ok(verified.ok && verified.value.verified);

    const second = await s.add(id, 'SE', '070-444 00 02', 'en');
    assert.ok(second.ok);
    assert.equal((await texts('+46704440002')).length, 1, 'a code to the new number');
    const notices = await texts('+46704440001');
    assert.equal(notices.length, 2, 'its code before, and now a notice');
    assert.doesNotMatch(notices[0] ?? '', /#\d+$/, 'a notice carries no code');
  });

  it('makes the older verification code stop working when a new one is asked for', async () => {
    t = await startTestApp();
    const s = t.app.services.securityInfo;
    const id = await account('resend@example.se');
    const added = await s.add(id, 'SE', '070-444 00 03', 'sv');
    assert.ok(added.ok);
    const older = codeIn((await texts('+46704440003'))[0]);
    assert.ok((await s.resendCode(id, added.value.id, 'sv')).ok);
    const newer = codeIn((await texts('+46704440003'))[0]);
    assert.notEqual(older, newer);
    assert.equal((await s.verify(id, added.value.id, older)).ok, false);
    assert.ok((await s.verify(id, added.value.id, newer)).ok);
  });

  it('counts no text toward the hourly budget for a test number, which gets none', async () => {
    t = await startTestApp({ TEST_NUMBERS: '+46704440004=12345678', SMS_HOURLY_BUDGET: '1' });
    const s = t.app.services.securityInfo;
    const id = await account('review@example.se');
    const reviewer = await s.add(id, 'SE', '070-444 00 04', 'sv');
    assert.ok(reviewer.ok);
    assert.deepEqual(await texts('+46704440004'), []);
    assert.ok((await s.verify(id, reviewer.value.id, '12345678')).ok);
    const other = await account('someone@example.se');
    assert.ok((await s.add(other, 'SE', '070-444 00 05', 'sv')).ok, 'the hour’s one text is still there');
  });

  it('reports the hourly budget as spent when adding a number uses it up', async () => {
    t = await startTestApp({ SMS_HOURLY_BUDGET: '1' });
    const spent = async () => (await t.app.services.metrics.smsBudgetSpent.get()).values[0]?.value ?? 0;
    const s = t.app.services.securityInfo;
    assert.ok((await s.add(await account('last@example.se'), 'SE', '070-444 00 06', 'sv')).ok);
    assert.equal(await spent(), 1);
    const withheld = await s.add(await account('next@example.se'), 'SE', '070-444 00 07', 'sv');
    assert.ok(withheld.ok, 'the number is added; its code waits for a new request');
    assert.deepEqual(await texts('+46704440007'), []);
  });

  it('lets verification texts from throw-away accounts use only the strangers\' share of a number\'s day', async () => {
    t = await startTestApp({ SMS_PER_NUMBER_DAILY: '4', VERIFY_DAILY_LIMIT: '100' });
    const s = t.app.services.securityInfo;
    for (let i = 0; i < 5; i++) {
      const id = await account(`throwaway${i}@example.se`);
      const added = await s.add(id, 'SE', '070-444 00 09', 'sv', { clientIp: `198.51.100.${i}` });
      assert.ok(added.ok);
      await t.app.dispatcher.drain();
    }
    assert.equal((await texts('+46704440009')).length, 2, 'half of SMS_PER_NUMBER_DAILY');
  });

  it('voids every code sent to a number when it is removed', async () => {
    t = await startTestApp();
    const s = t.app.services.securityInfo;
    const id = await account('remove@example.se');
    const added = await s.add(id, 'SE', '070-444 00 08', 'sv');
    assert.ok(added.ok);
    const code = codeIn((await texts('+46704440008'))[0]);
    assert.ok((await s.remove(id, added.value.id, 'sv')).ok);
    assert.equal((await s.verify(id, added.value.id, code)).ok, false);
    assert.equal((await s.remove(id, added.value.id, 'sv')).ok, false, 'gone already');
  });
});
