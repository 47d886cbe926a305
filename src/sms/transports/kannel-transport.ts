import type { ReportedStatus } from '../outbox-attempt-store.ts';
import { encodingFor } from '../segments.ts';
import type { SmsTransport } from '../transport.ts';
import { failureFromError, failureFromStatus } from './http-outcome.ts';

export interface KannelSettings {
  /** smsbox's sendsms URL; user and password in it (`http://user:pass@host:13013/cgi-bin/sendsms`). */
  readonly url: URL;
  readonly sender: string;
  readonly timeoutMs: number;
}

/** Every report Kannel can give: 1 delivered, 2 failed, 4 buffered, 8 accepted by the SMSC, 16 rejected by it. */
const DLR_MASK = 1 | 2 | 4 | 8 | 16;

/**
 * Kannel's report codes (`%d`) as our statuses. 4 (buffered at the SMSC) says nothing new.
 * 16 (the SMSC refused it) is a failure of this attempt: the next transport may take it.
 */
export function kannelReportStatus(code: number): ReportedStatus | undefined {
  if (code & 1) return 'delivered';
  if (code & 2) return 'failed';
  if (code & 16) return 'failed';
  if (code & 8) return 'sent';
  return undefined;
}

/**
 * Kannel's smsbox sendsms over HTTP POST: the text as a UTF-8 body (Kannel 1.4 takes no form
 * posts), GSM-7 when every character fits (å ä ö do) and UCS-2 (coding 2) otherwise; anything
 * else Kannel would turn into `?`. Kannel returns no message id, so the dlr-url carries ours
 * and the attempt, signed; Kannel appends the report code (`%d`) and its answer (`%A`).
 */
export function kannelTransport(settings: KannelSettings, reportUrl: (messageId: string, attempt: number) => string): SmsTransport {
  const endpoint = new URL(settings.url.href);
  const username = decodeURIComponent(endpoint.username);
  const password = decodeURIComponent(endpoint.password);
  endpoint.username = '';
  endpoint.password = '';
  return {
    name: 'kannel',
    async send(sms) {
      const headers: Record<string, string> = {
        'content-type': 'text/plain; charset=UTF-8',
        'x-kannel-username': username,
        'x-kannel-password': password,
        'x-kannel-to': sms.to,
        'x-kannel-from': settings.sender,
        'x-kannel-dlr-mask': String(DLR_MASK),
        'x-kannel-dlr-url': `${reportUrl(sms.id, sms.attempt)}&status=%d&answer=%A`,
      };
      if (encodingFor(sms.body) === 'ucs2') headers['x-kannel-coding'] = '2';
      let response: Response;
      try {
        response = await fetch(endpoint, { method: 'POST', headers, body: sms.body, signal: AbortSignal.timeout(settings.timeoutMs) });
      } catch (error) {
        return failureFromError(error);
      }
      const answer = await response.text().catch(() => '');
      // 202 "0: Accepted for delivery", or "3: Queued for later delivery" while the SMSC link is down.
      if (response.ok) return { ok: true, status: 'sent' };
      return failureFromStatus(response.status, answer);
    },
  };
}
