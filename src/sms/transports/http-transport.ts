import { Webhook } from 'standardwebhooks';
import type { Clock } from '../../lib/clock.ts';
import type { SmsTransport } from '../transport.ts';
import { failureFromError, failureFromStatus } from './http-outcome.ts';

export interface HttpWebhookSettings {
  readonly url: URL;
  /** Standard Webhooks secrets (`whsec_…`), newest first, shared with the receiver. */
  readonly secrets: readonly string[];
  readonly sender: string;
  readonly timeoutMs: number;
}

/**
 * The `webhook-signature` header of Standard Webhooks (standard-webhooks.com): `v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">`, one per secret, space-separated, so a receiver that
 * holds any one of them verifies while a secret is being replaced.
 */
export function webhookSignature(secrets: readonly string[], id: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
}

/**
 * A generic webhook, so any provider can be plugged in with a few lines of glue: a JSON POST
 * `{id, attempt, to, from, text, reportUrl}` signed as Standard Webhooks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`), which receivers verify with that project's
 * libraries in any language. `webhook-id` and `Idempotency-Key` are our message id, the same on
 * every attempt, so a receiver that honours either sends one text even when we send twice.
 * Any 2xx accepts the text (JSON `{"id": …}` optional); reports go to `reportUrl` as JSON
 * `{"status": "delivered" | "failed" | "expired" | "sent", "detail"?: …}`.
 */
export function httpWebhookTransport(settings: HttpWebhookSettings, reportUrl: (messageId: string, attempt: number) => string, clock: Clock): SmsTransport {
  return {
    name: 'http',
    async send(sms) {
      const body = JSON.stringify({ id: sms.id, attempt: sms.attempt, to: sms.to, from: settings.sender, text: sms.body, reportUrl: reportUrl(sms.id, sms.attempt) });
      // Whole seconds, as the header carries them: the signature covers exactly what is sent.
      const at = new Date(Math.floor(clock.now() / 1000) * 1000);
      let response: Response;
      try {
        response = await fetch(settings.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'idempotency-key': sms.id,
            'webhook-id': sms.id,
            'webhook-timestamp': String(at.getTime() / 1000),
            'webhook-signature': webhookSignature(settings.secrets, sms.id, at, body),
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
