import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, codeIn } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import type { Session } from '../sessions/session-store.ts';
import { UNDO_DAYS } from './email-change-service.ts';

const PASSWORD = 'correct horse battery staple';

/** The email change and its undo at the service, on the real app's wiring (SQLite, the mail outbox). */
describe('EmailChangeService', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());
  const service = () => t.app.services.emailChange;

  const signIn = async (email: string): Promise<{ token: string; session: Session }> => {
    const signed = await t.app.services.passwordSignIn.signIn(email, PASSWORD, { clientIp: '192.0.2.10' });
    assert.ok(signed.ok);
    const session = await t.app.services.sessions.authenticate(signed.value.token);
    assert.ok(session.ok);
    return { token: signed.value.token, session: session.value };
  };
  /** Changes the address of a fresh account and answers the undo token mailed to the old one. */
  const changed = async (from: string, to: string) => {
    await api.signUp(from);
    const { token, session } = await signIn(from);
    assert.ok((await service().request(session, to, 'sv')).ok);
    assert.ok((await service().verify(session, codeIn((await api.latestMail(to)).text), 'sv')).ok);
    const undo = /undo\?code=([a-z]+)/.exec((await api.latestMail(from)).text)?.[1];
    assert.ok(undo);
    return { token, session, undo };
  };

  it('undoes the change with the old address’s link: the old address back, every session ended, recorded; only once', async () => {
    const { token, session, undo } = await changed('anna.undo@example.se', 'anna.taken.over@example.se');
    assert.equal(await service().canUndo(undo), true);
    const undone = await service().undo(undo, { clientIp: '192.0.2.20' });
    assert.deepEqual(undone, { ok: true, value: { email: 'anna.undo@example.se' } });
    assert.equal((await t.app.services.sessions.authenticate(token)).ok, false, 'the session that made the change ends too');
    const account = await t.app.services.accounts.find(session.accountId);
    assert.equal(account?.email, 'anna.undo@example.se');
    assert.equal(account?.emailVerified, true);
    assert.ok((await signIn('anna.undo@example.se')).token);
    assert.equal((await service().undo(undo)).ok, false, 'a link works once');
    assert.equal(await service().canUndo(undo), false);
    const kinds = (await t.app.services.activity.list(session.accountId)).map((row) => row.kind);
    assert.ok(kinds.includes('email_changed') && kinds.includes('email_change_undone'));
  });

  it('lets exactly one of many simultaneous undos through', async () => {
    const { undo } = await changed('bo.race@example.se', 'bo.raced@example.se');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => service().undo(undo)));
    assert.equal(outcomes.filter((outcome) => outcome.ok).length, 1);
  });

  it('refuses a wrong link, and a right one after the undo days', async () => {
    const { undo } = await changed('cia.late@example.se', 'cia.later@example.se');
    assert.equal((await service().undo('b'.repeat(40))).ok, false);
    assert.equal((await service().undo(undo.replace(/.$/, (c) => (c === 'b' ? 'c' : 'b')))).ok, false, 'one letter off');
    t.clock.advanceSeconds(UNDO_DAYS * 24 * 3600 + 1);
    assert.equal(await service().canUndo(undo), false);
    assert.equal((await service().undo(undo)).ok, false);
    assert.equal((await t.app.storage.accounts.findByEmail('cia.later@example.se'))?.email, 'cia.later@example.se');
  });

  it('keeps the old address for the account while it can be undone: a sign-up or another account’s change treats it as taken', async () => {
    await changed('dan.kept@example.se', 'dan.moved@example.se');
    assert.ok((await t.app.services.accounts.signUp({ email: 'dan.kept@example.se', password: 'an intruder’s password', locale: 'en' })).ok);
    assert.equal(await t.app.storage.accounts.findByEmail('dan.kept@example.se'), undefined, 'no account was made for it');
    assert.equal((await api.latestMail('dan.kept@example.se')).subject, 'Someone tried to create an account with your email address');

    await api.signUp('eva.other@example.se');
    const eva = await signIn('eva.other@example.se');
    assert.ok((await service().request(eva.session, 'dan.kept@example.se', 'sv')).ok);
    assert.equal((await api.latestMail('dan.kept@example.se')).subject, 'Någon försökte byta till din e-postadress');

    t.clock.advanceSeconds(UNDO_DAYS * 24 * 3600 + 1);
    assert.ok((await t.app.services.accounts.signUp({ email: 'dan.kept@example.se', password: 'the next owner’s password', locale: 'sv' })).ok);
    assert.equal((await t.app.storage.accounts.findByEmail('dan.kept@example.se'))?.emailVerifiedAt, null, 'free once the undo days are over');
  });

  it('goes back past later changes: undoing the first voids the second’s link, but undoing the second leaves the first’s', async () => {
    const first = await changed('fia.one@example.se', 'fia.two@example.se');
    t.clock.advanceSeconds(1);
    const again = await signIn('fia.two@example.se');
    assert.ok((await service().request(again.session, 'fia.three@example.se', 'sv')).ok);
    assert.ok((await service().verify(again.session, codeIn((await api.latestMail('fia.three@example.se')).text), 'sv')).ok);
    const second = /undo\?code=([a-z]+)/.exec((await api.latestMail('fia.two@example.se')).text)?.[1];
    assert.ok(second);

    assert.deepEqual(await service().undo(second), { ok: true, value: { email: 'fia.two@example.se' } });
    assert.equal(await service().canUndo(first.undo), true, 'an earlier link still works');
    assert.deepEqual(await service().undo(first.undo), { ok: true, value: { email: 'fia.one@example.se' } });

    const gun = await changed('gun.one@example.se', 'gun.two@example.se');
    t.clock.advanceSeconds(1);
    const gunAgain = await signIn('gun.two@example.se');
    assert.ok((await service().request(gunAgain.session, 'gun.three@example.se', 'sv')).ok);
    assert.ok((await service().verify(gunAgain.session, codeIn((await api.latestMail('gun.three@example.se')).text), 'sv')).ok);
    const gunSecond = /undo\?code=([a-z]+)/.exec((await api.latestMail('gun.two@example.se')).text)?.[1];
    assert.ok(gunSecond);
    assert.ok((await service().undo(gun.undo)).ok);
    assert.equal((await service().undo(gunSecond)).ok, false, 'whoever made the later change cannot take the account back');
    assert.equal((await t.app.storage.accounts.findByEmail('gun.one@example.se'))?.id, gun.session.accountId);
  });

  it('voids a pending change when an undo changes the address back: its code no longer works', async () => {
    const { session, undo } = await changed('hel.pending@example.se', 'hel.new@example.se');
    const again = await signIn('hel.new@example.se');
    assert.ok((await service().request(again.session, 'hel.third@example.se', 'sv')).ok);
    const code = codeIn((await api.latestMail('hel.third@example.se')).text);
    assert.ok((await service().undo(undo)).ok);
    const fresh = await signIn('hel.pending@example.se');
    assert.equal((await service().verify(fresh.session, code, 'sv')).ok, false);
    assert.equal((await t.app.services.accounts.find(session.accountId))?.email, 'hel.pending@example.se');
  });

  it('keeps no undo token in the outbox once its mail has left', async () => {
    const { undo } = await changed('ida.outbox@example.se', 'ida.new@example.se');
    const rows = await t.app.storage.outbox.operator.list({ since: 0, channel: 'mail', limit: 200 });
    assert.ok(rows.length > 0);
    assert.ok(rows.every((row) => !JSON.stringify(row).includes(undo)));
  });
});
