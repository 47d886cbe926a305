import type { LightMyRequestResponse } from 'fastify';
import { normalizeEmail } from '../../src/domain/accounts/email.ts';
import { drainMail, latestMail, mailsTo } from './mail.ts';
import type { TestApp } from './test-app.ts';

export interface Reply {
  readonly status: number;
  readonly headers: LightMyRequestResponse['headers'];
  readonly raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** Talks to the app through Fastify's inject: the whole HTTP stack, without a socket. */
export function apiClient(t: TestApp) {
  let signUps = 0;
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string>; ip?: string } = {},
  ): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await t.app.server.inject({
      method,
      url,
      headers,
      ...(options.body === undefined ? {} : { payload: options.body as object }),
      ...(options.ip ? { remoteAddress: options.ip } : {}),
    });
    let body: unknown;
    try {
      body = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      body = response.body;
    }
    return { status: response.statusCode, headers: response.headers, raw: response.body, body };
  };

  const api = {
    call,
    get: (url: string, options?: Parameters<typeof call>[2]) => call('GET', url, options),
    post: (url: string, body?: unknown, options?: Parameters<typeof call>[2]) => call('POST', url, { ...options, body }),
    put: (url: string, body?: unknown, options?: Parameters<typeof call>[2]) => call('PUT', url, { ...options, body }),
    delete: (url: string, options?: Parameters<typeof call>[2]) => call('DELETE', url, options),

    /**
     * Hands over every text and mail queued so far (a new-browser notice after a sign-in, say):
     * messages handed over in one go may arrive in any order, so a test that reads the newest
     * one settles what came before it first.
     */
    async settle(): Promise<void> {
      await t.app.dispatcher.drain();
      await drainMail(t);
    },

    /** The newest text the dev inbox got for `to`, after the dispatcher handed over all that was due. */
    async latestText(to: string): Promise<string> {
      await t.app.dispatcher.drain();
      const inbox = await t.app.storage.devInbox.list({ to, limit: 1 });
      const text = inbox[0];
      if (!text) throw new Error(`no text for ${to}`);
      return text.body;
    },
    /** Every text the dev inbox got for `to`, newest first, after the dispatcher handed over all that was due. */
    async texts(to: string): Promise<string[]> {
      await t.app.dispatcher.drain();
      return (await t.app.storage.devInbox.list({ to, limit: 100 })).map((text) => text.body);
    },
    async latestCode(to: string): Promise<string> {
      const match = /#(\d+)$/.exec(await api.latestText(to));
      if (!match?.[1]) throw new Error(`no code in the latest text for ${to}`);
      return match[1];
    },

    /** Every mail the dev mail inbox got for `to`, newest first, after the mail dispatcher handed over all that was due. */
    mails: (to: string) => mailsTo(t, to),
    latestMail: (to: string) => latestMail(t, to),

    /** Signs up, proves the address with the code from the dev mail inbox (which signs in), as a person does. */
    async signUp(email: string, password = 'correct horse battery staple'): Promise<{ id: string; token: string }> {
      const created = await api.post('/api/v1/accounts', { email, password });
      if (created.status !== 202) throw new Error(`sign-up failed: ${created.raw}`);
      const address = normalizeEmail(email);
      if (!address.ok) throw new Error(`not an email: ${email}`);
      const code = codeIn((await api.latestMail(address.value)).text);
      // From an address of its own (198.18.0.0/15, for tests): guesses at codes are capped per
      // client, and a test's own guesses should not be spent by setting up its accounts.
      const verified = await api.post('/api/v1/accounts/verify', { email, code }, { ip: `198.18.${Math.floor(signUps / 250) % 256}.${(signUps % 250) + 1}` });
      signUps++;
      if (verified.status !== 201) throw new Error(`verification failed: ${verified.raw}`);
      const me = await api.get('/api/v1/me', { token: verified.body.token });
      return { id: me.body.id, token: verified.body.token };
    },

    /**
     * Signs in with the password and keeps what a browser would: the device cookie that makes
     * this a browser the holder signed in on before. Returns it as a Cookie header value.
     */
    async deviceCookie(email: string, password = 'correct horse battery staple'): Promise<string> {
      const session = await api.post('/api/v1/sessions', { email, password });
      const setCookie = [session.headers['set-cookie'] ?? []].flat().find((c) => c.includes('_device='));
      if (session.status !== 201 || !setCookie) throw new Error(`no device cookie: ${session.raw}`);
      await api.settle();
      return setCookie.split(';')[0]!;
    },

    /** An account with one verified number, ready for one-time-code sign-in. */
    async accountWithVerifiedPhone(email: string, region = 'SE', number = '070-123 45 67') {
      const account = await api.signUp(email);
      const phone = await api.post('/api/v1/me/phones', { region, number }, { token: account.token });
      if (phone.status !== 201) throw new Error(`adding a phone failed: ${phone.raw}`);
      const code = await api.latestCode(phone.body.e164);
      const verified = await api.post(`/api/v1/me/phones/${phone.body.id}/verify`, { code }, { token: account.token });
      if (verified.status !== 200) throw new Error(`verifying failed: ${verified.raw}`);
      return { ...account, phone: verified.body as { id: string; region: string; e164: string; verified: boolean } };
    },
  };
  return api;
}

/** The code in a mail or text: its only run of six or more digits. */
export function codeIn(text: string): string {
  const runs = text.match(/\d{6,}/g) ?? [];
  if (runs.length !== 1) throw new Error(`expected one code, found ${runs.length}: ${text}`);
  return runs[0]!;
}
