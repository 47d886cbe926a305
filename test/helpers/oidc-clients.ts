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
