/**
 * A typed client for Engångskod's JSON API: openapi-fetch over the types openapi-typescript
 * generated from docs/openapi.json (schema.d.ts beside this file; `npm run docs:openapi`
 * regenerates both). Paths, bodies, answers and problem codes are checked by the compiler.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

export type EngangskodClient = ReturnType<typeof engangskodClient>;
export type Problem = components['schemas']['Problem'];

/** `baseUrl` is the service's PUBLIC_URL (the paths carry /api/v1); `token` a session token for the /me calls. */
export function engangskodClient(baseUrl: string, token?: string) {
  return createClient<paths>({ baseUrl, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** Where the codes come from: the person reads them from a mail and from texts. */
export interface CodeSource {
  /** The code in the newest mail to `email`. */
  mail(email: string): Promise<string>;
  /** The code in the newest text to `e164`. */
  text(e164: string): Promise<string>;
}

export interface Person {
  readonly email: string;
  readonly password: string;
  readonly region: string;
  readonly number: string;
}

/** Fails with the problem's stable code, which is what a client acts on. */
function problem(step: string, error: Problem | undefined, status: number): Error {
  return new Error(`${step}: ${status} ${error?.code ?? '(no problem body)'}${error?.detail ? ` – ${error.detail}` : ''}`);
}

/**
 * The whole journey through the API: sign up, prove the address with the mailed code (which
 * signs in), add a mobile number and verify it with the texted code, then sign in again with
 * a one-time code by text. Returns the account and the one-time-code session's token.
 */
export async function signUpAndSignInWithCode(baseUrl: string, person: Person, codes: CodeSource) {
  const anonymous = engangskodClient(baseUrl);
  const signUp = await anonymous.POST('/api/v1/accounts', { body: { email: person.email, password: person.password } });
  if (signUp.error) throw problem('sign-up', signUp.error, signUp.response.status);

  const proven = await anonymous.POST('/api/v1/accounts/verify', { body: { email: person.email, code: await codes.mail(person.email) } });
  if (proven.error) throw problem('proving the address', proven.error, proven.response.status);

  const signedIn = engangskodClient(baseUrl, proven.data.token);
  const added = await signedIn.POST('/api/v1/me/phones', { body: { region: person.region, number: person.number } });
  if (added.error) throw problem('adding the number', added.error, added.response.status);
  const verified = await signedIn.POST('/api/v1/me/phones/{id}/verify', {
    params: { path: { id: added.data.id } },
    body: { code: await codes.text(added.data.e164) },
  });
  if (verified.error) throw problem('verifying the number', verified.error, verified.response.status);

  const asked = await anonymous.POST('/api/v1/one-time-codes', { body: { email: person.email, region: person.region, number: person.number } });
  if (asked.error) throw problem('asking for a code', asked.error, asked.response.status);
  const session = await anonymous.POST('/api/v1/sessions/one-time-code', { body: { email: person.email, code: await codes.text(added.data.e164) } });
  if (session.error) throw problem('signing in with the code', session.error, session.response.status);

  const me = await engangskodClient(baseUrl, session.data.token).GET('/api/v1/me');
  if (me.error) throw problem('reading the account', me.error, me.response.status);
  return { account: me.data, token: session.data.token, expiresAt: session.data.expiresAt };
}
