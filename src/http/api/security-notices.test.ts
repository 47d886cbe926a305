import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, codeIn } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const PASSWORD = 'correct horse battery staple';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/**
 * Every security notice goes on both channels the holder proved, in the request's language:
 * a text to each verified number and a mail to the address.
 */
describe('security notices by text and by mail', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  const en = { 'accept-language': 'en' };
  const signIn = async (email: string, headers: Record<string, string> = {}, ip?: string): Promise<string> => {
    const reply = await api.post('/api/v1/sessions', { email, password: PASSWORD }, { headers, ...(ip ? { ip } : {}) });
    assert.equal(reply.status, 201, reply.raw);
    // A sign-in on a new browser queues notices: settled, so the newest message is what comes next.
    await api.settle();
    return reply.body.token as string;
  };
  /** An account with a verified number and a fresh sign-in, with the notices of setting it up behind it. */
  const holder = async (email: string, number: string) => {
    const account = await api.accountWithVerifiedPhone(email, 'SE', number);
    t.clock.advanceSeconds(3600);
    return account;
  };

  it('tells of a number added: a text to the other verified numbers and a mail, in the request’s language', async () => {
    const anna = await holder('anna.notice@example.se', '070-300 00 01');
    const token = await signIn('anna.notice@example.se');
    const added = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-300 00 02' }, { token, headers: en });
    assert.equal(added.status, 201);
    assert.equal(await api.latestText(anna.phone.e164), 'A new mobile number ending in 0002 was added to your account. Not you? Sign in and remove it.');
    const mail = await api.latestMail('anna.notice@example.se');
    assert.equal(mail.subject, 'A mobile number was added to your account');
    assert.match(mail.text, /ending in 0002/);
    assert.equal((await api.texts('+46703000002')).filter((text) => /added/.test(text)).length, 0, 'the new number gets its code, not the notice');
  });

  it('tells of a number removed: a text to the remaining verified numbers and a mail', async () => {
    const bo = await holder('bo.notice@example.se', '070-300 00 03');
    const token = await signIn('bo.notice@example.se');
    const second = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-300 00 04' }, { token });
    await api.post(`/api/v1/me/phones/${second.body.id}/verify`, { code: await api.latestCode('+46703000004') }, { token });
    // The notices of the number added, handed over first: on the test clock both come at the
    // same moment, and messages queued together reach the inbox in any order.
    await api.settle();
    assert.equal((await api.delete(`/api/v1/me/phones/${second.body.id}`, { token })).status, 204);
    assert.equal(await api.latestText(bo.phone.e164), 'Mobilnumret som slutar på 0004 har tagits bort från ditt konto. Var det inte du? Logga in och lägg till det igen.');
    assert.match(await api.latestText('+46703000004'), /#\d+$/, 'the removed number is told nothing more');
    const mail = await api.latestMail('bo.notice@example.se');
    assert.equal(mail.subject, 'Ett mobilnummer har tagits bort från ditt konto');
    assert.match(mail.text, /slutar på 0004/);
  });

  it('tells of a changed password on both channels', async () => {
    const cia = await holder('cia.notice@example.se', '070-300 00 05');
    const token = await signIn('cia.notice@example.se');
    assert.equal((await api.put('/api/v1/me/password', { password: 'a whole new passphrase' }, { token, headers: en })).status, 204);
    assert.match(await api.latestText(cia.phone.e164), /^Your password was just changed/);
    assert.equal((await api.latestMail('cia.notice@example.se')).subject, 'Your password was changed');
  });

  it('tells of a changed email: a text to the numbers, and the mail with the undo link to the old address', async () => {
    const dan = await holder('dan.notice@example.se', '070-300 00 06');
    const token = await signIn('dan.notice@example.se');
    await api.post('/api/v1/me/email', { email: 'dan.moved@example.se' }, { token });
    const code = codeIn((await api.latestMail('dan.moved@example.se')).text);
    assert.equal((await api.post('/api/v1/me/email/verify', { code }, { token })).status, 200);
    assert.match(await api.latestText(dan.phone.e164), /^E-postadressen till ditt konto har just ändrats/);
    const mail = await api.latestMail('dan.notice@example.se');
    assert.equal(mail.subject, 'E-postadressen till ditt konto har ändrats');
    assert.match(mail.text, /ångra ändringen/);
    assert.equal((await api.mails('dan.moved@example.se')).length, 1, 'the new address got its code and nothing else');
  });

  it('tells of a sign-in from a browser not seen before, naming the browser and address, once an hour at most; a known browser is not told of', async () => {
    const eva = await holder('eva.notice@example.se', '070-300 00 07');
    const known = await api.deviceCookie('eva.notice@example.se');
    t.clock.advanceSeconds(3600);
    const textsBefore = (await api.texts(eva.phone.e164)).length;
    const mailsBefore = (await api.mails('eva.notice@example.se')).length;
    await signIn('eva.notice@example.se', { cookie: known });
    assert.equal((await api.texts(eva.phone.e164)).length, textsBefore, 'the holder’s own browser');
    assert.equal((await api.mails('eva.notice@example.se')).length, mailsBefore);

    await signIn('eva.notice@example.se', { 'user-agent': FIREFOX, ...en }, '203.0.113.40');
    assert.equal(await api.latestText(eva.phone.e164), 'Someone just signed in to your account from a new browser (Firefox 133 on Linux). Not you? Choose a new password under Forgot your password.');
    const mail = await api.latestMail('eva.notice@example.se');
    assert.equal(mail.subject, 'New sign-in to your account');
    assert.match(mail.text, /Firefox 133 on Linux\nIP address: 203\.0\.113\.40/);

    await signIn('eva.notice@example.se', { 'user-agent': FIREFOX }, '203.0.113.41');
    assert.equal((await api.texts(eva.phone.e164)).length, textsBefore + 1, 'one notice an hour');
    assert.equal((await api.mails('eva.notice@example.se')).length, mailsBefore + 1);
    t.clock.advanceSeconds(3601);
    await signIn('eva.notice@example.se');
    assert.equal((await api.texts(eva.phone.e164)).length, textsBefore + 2, 'and again the next hour');
  });

  it('sends one new-browser notice for sign-ins from new browsers that arrive at once', async () => {
    // A prefix of its own: the suite's other texts have spent 070-300's hourly allowance.
    const ida = await holder('ida.notice@example.se', '073-555 00 08');
    await api.deviceCookie('ida.notice@example.se');
    t.clock.advanceSeconds(3600);
    await api.settle();
    const textsBefore = (await api.texts(ida.phone.e164)).length;
    const replies = await Promise.all(
      [50, 51, 52, 53].map((n) => api.post('/api/v1/sessions', { email: 'ida.notice@example.se', password: PASSWORD }, { headers: { 'user-agent': FIREFOX }, ip: `203.0.113.${n}` })),
    );
    assert.deepEqual(replies.map((r) => r.status), [201, 201, 201, 201]);
    await api.settle();
    assert.equal((await api.texts(ida.phone.e164)).length, textsBefore + 1, 'one notice, not one per sign-in');
  });

  it('tells of a one-time-code sign-in on a new browser by mail and the other numbers, not the number the code came to', async () => {
    const fia = await holder('fia.notice@example.se', '073-411 00 08');
    const token = await signIn('fia.notice@example.se');
    const other = await api.post('/api/v1/me/phones', { region: 'SE', number: '076-522 00 09' }, { token });
    assert.equal(other.status, 201, other.raw);
    await api.post(`/api/v1/me/phones/${other.body.id}/verify`, { code: await api.latestCode('+46765220009') }, { token });
    t.clock.advanceSeconds(3601);
    assert.equal((await api.post('/api/v1/one-time-codes', { email: 'fia.notice@example.se', region: 'SE', number: '073-411 00 08' })).status, 202);
    const code = await api.latestCode(fia.phone.e164);
    assert.equal((await api.post('/api/v1/sessions/one-time-code', { email: 'fia.notice@example.se', code })).status, 201);
    assert.match(await api.latestText(fia.phone.e164), /#\d+$/, 'the code’s own number is not told');
    assert.match(await api.latestText('+46765220009'), /ny webbläsare/);
    assert.equal((await api.latestMail('fia.notice@example.se')).subject, 'Ny inloggning på ditt konto');
  });

  it('tells of nothing on the very first browser of an account', async () => {
    await api.post('/api/v1/accounts', { email: 'gun.first@example.se', password: PASSWORD });
    const code = codeIn((await api.latestMail('gun.first@example.se')).text);
    assert.equal((await api.post('/api/v1/accounts/verify', { email: 'gun.first@example.se', code })).status, 201);
    assert.equal((await api.mails('gun.first@example.se')).length, 1, 'only the confirmation');
  });
});
