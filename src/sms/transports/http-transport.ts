import { createHmac } from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import type { SmsTransport } from '../transport.ts';
import { failureFromError, failureFromStatus } from './http-outcome.ts';

export interface HttpWebhookSettings {
  readonly url: URL;
  /** Shared with the receiver, which checks the signature with it. */
  readonly secret: string;
  readonly sender: string;
  readonly timeoutMs: number;
}

/** `v1=` HMAC-SHA256 (hex) of `timestamp.body`, the scheme the receiver checks. */
export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * A generic webhook, so any provider can be plugged in with a few lines of glue: a JSON POST
 * `{id, attempt, to, from, text, reportUrl}` signed in `X-Engangskod-Signature` over the
 * timestamp in `X-Engangskod-Timestamp` and the body. `Idempotency-Key` is our message id, the
 * same on every attempt, so a receiver that honours it sends one text even when we send twice.
 * Any 2xx accepts the text (JSON `{"id": …}` optional); reports go to `reportUrl` as JSON
 * `{"status": "delivered" | "failed" | "expired" | "sent", "detail"?: …}`.
 */
export function httpWebhookTransport(settings: HttpWebhookSettings, reportUrl: (messageId: string, attempt: number) => string, clock: Clock): SmsTransport {
  return {
    name: 'http',
    async send(sms) {
      const body = JSON.stringify({ id: sms.id, attempt: sms.attempt, to: sms.to, from: settings.sender, text: sms.body, reportUrl: reportUrl(sms.id, sms.attempt) });
      const timestamp = String(Math.floor(clock.now() / 1000));
      let response: Response;
      try {
        response = await fetch(settings.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'idempotency-key': sms.id,
            'x-engangskod-timestamp': timestamp,
            'x-engangskod-signature': webhookSignature(settings.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
      } catch (error) {
        return failureFromError(error);
      }
      const answer = await response.text().catch(() => '');
      if (!response.ok) return failureFromStatus(response.status, answer);
      let gatewayId: string | undefined;
      try {
        const parsed: unknown = JSON.parse(answer);
        if (parsed && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') gatewayId = parsed.id;
      } catch {
        // A receiver need not answer JSON.
      }
      return { ok: true, status: 'sent', ...(gatewayId ? { gatewayId } : {}) };
    },
  };
}
