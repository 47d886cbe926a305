import type { z } from 'zod';
import { smsSettings, type SmsTransportName } from './sms-settings.ts';

type SmsValues = { readonly [K in keyof typeof smsSettings]: z.output<(typeof smsSettings)[K]['schema']> };

/**
 * An operator's own wording (SMS_TEXT_*), per purpose and language, with `{code}` and optionally
 * `{validity}`; unset ones use the built-in texts. sms/message-texts.ts indexes it by its code
 * purposes and locales, so a purpose or language added there without a setting fails typecheck.
 */
export type TextTemplates = {
  readonly [Purpose in 'sign_in' | 'verify_phone']?: { readonly [Locale in 'sv' | 'en']?: string | undefined };
};

/** How texts leave the service: the validated SMS_* settings. */
export interface SmsConfig {
  readonly transports: readonly SmsTransportName[];
  readonly sender: string;
  readonly failoverSeconds: number;
  readonly concurrency: number;
  readonly sendTimeoutSeconds: number;
  readonly leaseSeconds: number;
  readonly dispatcher: 'in-process' | 'worker';
  readonly reportUrl: URL;
  readonly kannel: { readonly url: URL } | undefined;
  readonly smpp:
    | { readonly url: URL; readonly systemType: string; readonly window: number; readonly coding: 'auto' | 'ucs2'; readonly enquireLinkSeconds: number }
    | undefined;
  /** `secrets`: Standard Webhooks secrets, newest first; each text is signed with every one. */
  readonly http: { readonly url: URL; readonly secrets: readonly string[] } | undefined;
  readonly twilio: { readonly accountSid: string; readonly authToken: string; readonly apiUrl: URL } | undefined;
  readonly templates: TextTemplates;
  readonly operatorToken: string | undefined;
}

/**
 * The SMS part of loadConfig: each transport named in SMS_TRANSPORT must have its settings,
 * and a transport is chosen (see SMS_TRANSPORT's default). Problems are added to `problems`, not thrown.
 */
export function smsConfig(values: SmsValues, problems: string[]): SmsConfig | undefined {
  // Production's refusal of a missing or dev transport is one of productionRules.
  const transports = values.SMS_TRANSPORT;
  const uses = (name: SmsTransportName) => transports?.includes(name) ?? false;
  const need = (name: SmsTransportName, setting: keyof SmsValues) => {
    if (uses(name) && values[setting] === undefined) problems.push(`${setting}: required when SMS_TRANSPORT includes ${name}`);
  };
  need('kannel', 'SMS_KANNEL_URL');
  need('smpp', 'SMS_SMPP_URL');
  need('http', 'SMS_HTTP_URL');
  need('http', 'SMS_HTTP_SECRET');
  need('twilio', 'SMS_TWILIO_ACCOUNT_SID');
  need('twilio', 'SMS_TWILIO_AUTH_TOKEN');

  const sendTimeoutSeconds = values.SMS_SEND_TIMEOUT_SECONDS;
  const leaseSeconds = values.SMS_LEASE_SECONDS;
  if (leaseSeconds <= sendTimeoutSeconds) problems.push('SMS_LEASE_SECONDS: must be longer than SMS_SEND_TIMEOUT_SECONDS, or a slow send could be taken over and sent twice');
  if (transports === undefined) return undefined;

  const templates: TextTemplates = {
    sign_in: { sv: values.SMS_TEXT_SIGN_IN_SV, en: values.SMS_TEXT_SIGN_IN_EN },
    verify_phone: { sv: values.SMS_TEXT_VERIFY_SV, en: values.SMS_TEXT_VERIFY_EN },
  };
  return {
    transports,
    sender: values.SMS_SENDER,
    failoverSeconds: values.SMS_FAILOVER_SECONDS,
    concurrency: values.SMS_CONCURRENCY,
    sendTimeoutSeconds,
    leaseSeconds,
    dispatcher: values.SMS_DISPATCHER,
    reportUrl: values.SMS_REPORT_URL,
    kannel: uses('kannel') && values.SMS_KANNEL_URL ? { url: new URL(values.SMS_KANNEL_URL) } : undefined,
    smpp:
      uses('smpp') && values.SMS_SMPP_URL
        ? {
            url: new URL(values.SMS_SMPP_URL),
            systemType: values.SMS_SMPP_SYSTEM_TYPE,
            window: values.SMS_SMPP_WINDOW,
            coding: values.SMS_SMPP_CODING,
            enquireLinkSeconds: values.SMS_SMPP_ENQUIRE_LINK_SECONDS,
          }
        : undefined,
    http: uses('http') && values.SMS_HTTP_URL && values.SMS_HTTP_SECRET ? { url: new URL(values.SMS_HTTP_URL), secrets: values.SMS_HTTP_SECRET } : undefined,
    twilio:
      uses('twilio') && values.SMS_TWILIO_ACCOUNT_SID && values.SMS_TWILIO_AUTH_TOKEN
        ? { accountSid: values.SMS_TWILIO_ACCOUNT_SID, authToken: values.SMS_TWILIO_AUTH_TOKEN, apiUrl: values.SMS_TWILIO_API_URL }
        : undefined,
    templates,
    operatorToken: values.OPERATOR_TOKEN,
  };
}
