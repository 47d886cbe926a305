import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../lib/secrets.ts';

/**
 * Twilio's request signature (X-Twilio-Signature): base64 HMAC-SHA1, keyed with the account's
 * auth token, of the full URL Twilio called followed by every POST parameter, sorted by name,
 * as name then value with no separators.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + (params[key] ?? ''), url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export const verifyTwilioSignature = (authToken: string, url: string, params: Readonly<Record<string, string>>, signature: string): boolean =>
  constantTimeEqual(signature, twilioSignature(authToken, url, params));
