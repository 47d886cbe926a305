import type { ReportedStatus } from '../outbox-attempt-store.ts';
import type { SmsTransport } from '../transport.ts';
import { failureFromError, failureFromStatus } from './http-outcome.ts';

export interface TwilioSettings {
  readonly accountSid: string;
  readonly authToken: string;
  /** `From`: a Twilio number in E.164 or an alphanumeric sender ID. */
  readonly sender: string;
  /** https://api.twilio.com, or a stand-in for tests. */
  readonly apiUrl: URL;
  readonly timeoutMs: number;
}

/** Twilio's MessageStatus values in status callbacks, as our statuses; the others say nothing new. */
export function twilioReportStatus(status: string): ReportedStatus | undefined {
  switch (status) {
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'undelivered':
    case 'failed':
      return 'failed';
    default:
      return undefined; // accepted, queued, sending, scheduled, canceled, read, …
  }
}

/**
 * Twilio's Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded
 * `To`, `From`, `Body` and `StatusCallback`, HTTP basic auth with the account SID and auth
 * token; 201 with the message `sid`. Status callbacks come to our signed URL and must carry a
 * valid X-Twilio-Signature as well.
 */
export function twilioTransport(settings: TwilioSettings, reportUrl: (messageId: string, attempt: number) => string): SmsTransport {
  const endpoint = new URL(`2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`, settings.apiUrl.href.endsWith('/') ? settings.apiUrl : `${settings.apiUrl.href}/`);
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  return {
    name: 'twilio',
    async send(sms) {
      const form = new URLSearchParams({ To: sms.to, From: settings.sender, Body: sms.body, StatusCallback: reportUrl(sms.id, sms.attempt) });
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
      } catch (error) {
        return failureFromError(error);
      }
      const answer = await response.text().catch(() => '');
      if (!response.ok) {
        // Twilio's error body: {"code": 21211, "message": "…", "status": 400, "more_info": "…"}
        let detail = answer;
        try {
          const parsed = JSON.parse(answer) as { code?: number; message?: string };
          if (parsed.message) detail = `${parsed.code ?? ''} ${parsed.message}`;
        } catch {
          // keep the raw answer
        }
        return failureFromStatus(response.status, detail);
      }
      let sid: unknown;
      try {
        sid = (JSON.parse(answer) as { sid?: unknown }).sid;
      } catch {
        // Accepted all the same; reports find the text through our signed callback URL.
      }
      return { ok: true, status: 'sent', ...(typeof sid === 'string' ? { gatewayId: sid } : {}) };
    },
  };
}
