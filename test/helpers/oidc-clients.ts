import * as oidc from 'openid-client';
import { clientRegistrationSchema } from '../../src/config/client-registration.ts';
import type { NewClient } from '../../src/oidc/client-registry.ts';

/** The SECRET_KEY the OIDC unit tests seal with. */
export const oidcTestSecret = Buffer.from('test-secret-key-that-is-at-least-32-characters');

/** A website registered in configuration (OIDC_CLIENTS), parsed by the same schema. */
export const configuredClient = clientRegistrationSchema.parse({
  client_id: 'intranet',
  client_secret: 'configured-secret-that-is-at-least-32-chars',
  client_name: 'Intranet',
  redirect_uris: ['https://intranet.example.se/callback'],
  first_party: true,
  refresh_tokens: true,
});

/** A website as `engangskod clients add` takes it. */
export const aWebsite = (overrides: Partial<NewClient> = {}): NewClient => ({
  public: false,
  client_name: 'Bokningen',
  redirect_uris: ['https://bokning.example.se/callback'],
  post_logout_redirect_uris: ['https://bokning.example.se/'],
  first_party: false,
  refresh_tokens: false,
  ...overrides,
});

/**
 * A website's authorization request as openid-client makes it (code flow, S256 PKCE, state and
 * nonce): the URL to send the browser to, and the checks the website keeps for its callback.
 */
export async function authorizationRequest(site: oidc.Configuration, redirectUri: string, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(site, {
    redirect_uri: redirectUri,
    scope: 'openid email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true } };
}
