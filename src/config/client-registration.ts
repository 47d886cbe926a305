import { z } from 'zod';

/**
 * A website that signs people in through us, as an operator registers it (the `OIDC_CLIENTS`
 * setting or `engangskod clients add`). Names follow OpenID Connect Dynamic Client Registration,
 * so the same object is what the provider is given. It is defined in config/, which parses
 * OIDC_CLIENTS with it, because config depends on nothing above it.
 */
export interface ClientRegistration {
  readonly client_id: string;
  /** Absent for a public client (a browser or mobile app), which proves itself with PKCE alone. */
  readonly client_secret?: string | undefined;
  readonly client_name: string;
  readonly redirect_uris: readonly string[];
  readonly post_logout_redirect_uris: readonly string[];
  /** Our own websites: no consent screen. Anyone else's: the person is asked once what to share. */
  readonly first_party: boolean;
  /** Refresh tokens are off unless a client is registered for them (and asks for offline_access). */
  readonly refresh_tokens: boolean;
  /** How a confidential client sends its secret to the token endpoint. */
  readonly token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | undefined;
}

/** What a client id may be; anything else names no website. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9._~-]{1,100}$/;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Redirects go to https, or to http on this machine (development). Fragments are refused and
 * the match is exact, as OpenID Connect requires, so a code is never sent anywhere unexpected.
 */
const redirectUri = z.url().refine(
  (value) => {
    const url = new URL(value);
    if (url.hash !== '') return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  },
  { message: 'must be an https URL (or http on localhost) without a #fragment' },
);

export const clientRegistrationSchema = z.strictObject({
  client_id: z.string().regex(CLIENT_ID_PATTERN, 'must be 1–100 letters, digits or . _ ~ -'),
  client_secret: z.string().min(32, 'must be at least 32 characters').max(256).optional(),
  client_name: z.string().trim().min(1).max(100),
  redirect_uris: z.array(redirectUri).min(1).max(20),
  post_logout_redirect_uris: z.array(redirectUri).max(20).default([]),
  first_party: z.boolean().default(false),
  refresh_tokens: z.boolean().default(false),
  token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
}).refine((c) => !(c.token_endpoint_auth_method && !c.client_secret), {
  message: 'token_endpoint_auth_method needs a client_secret (a public client sends none)',
});
