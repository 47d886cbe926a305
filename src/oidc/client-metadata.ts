import type { ClientRegistration } from '../config/client-registration.ts';

/** What oidc-provider is given for a registration. */
export function providerMetadata(client: ClientRegistration): Record<string, unknown> {
  return {
    client_id: client.client_id,
    ...(client.client_secret ? { client_secret: client.client_secret } : {}),
    client_name: client.client_name,
    redirect_uris: [...client.redirect_uris],
    post_logout_redirect_uris: [...client.post_logout_redirect_uris],
    response_types: ['code'],
    grant_types: client.refresh_tokens ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    // client_secret_basic is what OpenID Connect assumes when a client says nothing. A public
    // client has no secret to send.
    token_endpoint_auth_method: client.client_secret ? (client.token_endpoint_auth_method ?? 'client_secret_basic') : 'none',
    first_party: client.first_party,
  };
}
