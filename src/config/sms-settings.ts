import { z } from 'zod';
import { defineSettings, unset, wholeNumber as int } from './setting.ts';

/** A Standard Webhooks secret: `whsec_`, then 24 to 64 bytes in base64 (standard-webhooks.com). */
const isWebhookSecret = (secret: string): boolean => {
  const encoded = secret.startsWith('whsec_') ? secret.slice(6) : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return false;
  const bytes = Buffer.from(encoded, 'base64').length;
  return bytes >= 24 && bytes <= 64;
};

/**
 * The SMS delivery settings (transports, failover, reports, texts), kept beside the general
 * ones in schema.ts and rendered into docs/configuration.md with them.
 */

export const transportNames = ['kannel', 'smpp', 'http', 'twilio', 'dev'] as const;
export type SmsTransportName = (typeof transportNames)[number];

/** A text template: must show the code, and must not be so long that it costs many SMS. */
const template = z
  .string()
  .max(600, 'must be at most 600 characters')
  .refine((text) => text.includes('{code}'), 'must contain {code}')
  .transform((text) => text.replace(/\\n/g, '\n'));

/** The general settings these defaults depend on; schema.ts checks them where it joins the tables. */
type General = { readonly PUBLIC_URL: URL };

export const smsSettings = defineSettings<General>()({
  SMS_TRANSPORT: {
    doc: 'How texts are sent: one or more of `kannel`, `smpp`, `http`, `twilio`, comma-separated in failover order (`kannel,smpp`). A text that fails on one, or has no delivery report within `SMS_FAILOVER_SECONDS`, goes out through the next. `dev` keeps texts in the development inbox at `/dev/sms` and is refused in production.',
    default: 'dev (development); required in production',
    schema: z
      .string()
      .transform((s) => s.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))
      .pipe(
        z
          .array(z.enum(transportNames, { error: (issue) => `unknown transport ${String(issue.input)} (known: ${transportNames.join(', ')})` }))
          .min(1, 'name at least one transport')
          .refine((list) => new Set(list).size === list.length, 'name each transport once'),
      )
      .optional(),
    // Production has no default: a missing transport is one of productionRules.
    value: ({ production }) => (production ? undefined : ['dev' as const]),
  },
  SMS_SENDER: {
    doc: 'Who texts come from: up to 11 letters and digits, or a phone number in international form. For Twilio, one of the account’s numbers or an approved sender ID.',
    default: 'Engangskod',
    schema: z.string().trim().regex(/^([A-Za-z0-9 ._-]{1,11}|\+?\d{3,15})$/, 'must be up to 11 letters and digits, or a phone number'),
  },
  SMS_FAILOVER_SECONDS: {
    doc: 'A text a gateway accepted but sent no delivery report for within this long goes out again through the next transport in `SMS_TRANSPORT`, with the same code. Also how long a text whose sender died mid-send waits for a report before it is sent again.',
    default: '60',
    schema: int(1, 86_400),
  },
  SMS_CONCURRENCY: {
    doc: 'Texts a dispatcher sends at once. Thirty-two deliver about 410–610 texts a second through Kannel on two cores (16 about 360, 64 fewer) and keep the in-process dispatcher up with the code requests under full load (docs/sms.md). The mail dispatcher sends as many mails at once, each in an SMTP session of its own.',
    default: '32',
    schema: int(1, 1_000),
  },
  SMS_SEND_TIMEOUT_SECONDS: {
    doc: 'How long a gateway may take to accept a text before the attempt counts as failed and is retried.',
    default: '10',
    schema: int(1, 600),
  },
  SMS_LEASE_SECONDS: {
    doc: 'How long a dispatcher holds a text it is sending; another dispatcher takes the text over after that, if the first died. Must be longer than `SMS_SEND_TIMEOUT_SECONDS`.',
    default: '30',
    schema: int(2, 3_600),
  },
  SMS_DISPATCHER: {
    doc: '`in-process`: the service sends texts itself. `worker`: it only queues them, and `engangskod worker` processes (any number, on the same database) send them.',
    default: 'in-process',
    schema: z.enum(['in-process', 'worker']),
  },
  SMS_REPORT_URL: {
    doc: 'Base URL gateways send delivery reports to (Kannel dlr-url, webhook and Twilio status callbacks), when they reach the service at another address than `PUBLIC_URL`.',
    default: '$PUBLIC_URL',
    schema: z.url({ protocol: /^https?$/ }).transform((url) => new URL(url)),
    value: ({ PUBLIC_URL }) => PUBLIC_URL,
  },
  SMS_KANNEL_URL: {
    doc: 'Kannel smsbox sendsms URL with the sendsms-user in it, e.g. `http://user:password@127.0.0.1:13013/cgi-bin/sendsms`. Required with `kannel`.',
    default: '(none)',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    value: unset,
  },
  SMS_SMPP_URL: {
    doc: 'SMSC to bind to as a transceiver: `smpp://system_id:password@host:2775`, or `ssmpp://…` for TLS. Required with `smpp`.',
    default: '(none)',
    schema: z.url({ protocol: /^s?smpp$/ }).optional(),
    value: unset,
  },
  SMS_SMPP_SYSTEM_TYPE: {
    doc: 'SMPP system_type sent in the bind, if the SMSC asks for one.',
    default: '(empty)',
    schema: z.string().trim().max(12),
    value: () => '',
  },
  SMS_SMPP_WINDOW: {
    doc: 'SMPP submits that may wait for their response at once.',
    default: '10',
    schema: int(1, 1_000),
  },
  SMS_SMPP_CODING: {
    doc: '`auto`: data_coding 0 (GSM 03.38, 160 characters) when every character of the text fits, else 8 (UCS-2). `ucs2`: always 8, for SMSCs whose default alphabet is not GSM 03.38.',
    default: 'auto',
    schema: z.enum(['auto', 'ucs2']),
  },
  SMS_SMPP_ENQUIRE_LINK_SECONDS: {
    doc: 'How often the SMPP session is checked with enquire_link; no answer within `SMS_SEND_TIMEOUT_SECONDS` reconnects.',
    default: '30',
    schema: int(1, 3_600),
  },
  SMS_HTTP_URL: {
    doc: 'Webhook that texts are POSTed to as signed JSON (see docs/sms.md). Required with `http`.',
    default: '(none)',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    value: unset,
  },
  SMS_HTTP_SECRET: {
    doc: 'Standard Webhooks secret(s) the webhook is signed with: `whsec_` and 24 to 64 random bytes in base64, e.g. `whsec_$(openssl rand -base64 32)`. Comma-separated while a secret is replaced: every text is signed with each (newest first), so the receiver can move to the new secret at its own pace. Required with `http`.',
    default: '(none)',
    schema: z
      .string()
      .transform((list) => list.split(',').map((secret) => secret.trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().refine(isWebhookSecret, 'each secret must be whsec_ and 24 to 64 bytes in base64, e.g. whsec_$(openssl rand -base64 32)'))
          .min(1, 'name at least one secret')
          .max(3, 'at most 3 secrets at once'),
      )
      .optional(),
    value: unset,
  },
  SMS_TWILIO_ACCOUNT_SID: {
    doc: 'Twilio account SID (`AC…`). Required with `twilio`.',
    default: '(none)',
    schema: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional(),
    value: unset,
  },
  SMS_TWILIO_AUTH_TOKEN: {
    doc: 'Twilio auth token: authenticates API calls and checks the signature of status callbacks. Required with `twilio`.',
    default: '(none)',
    schema: z.string().trim().min(16, 'must be at least 16 characters').optional(),
    value: unset,
  },
  SMS_TWILIO_API_URL: {
    doc: 'Base URL of Twilio’s REST API.',
    default: 'https://api.twilio.com',
    schema: z.url({ protocol: /^https?$/ }).transform((url) => new URL(url)),
  },
  SMS_TEXT_SIGN_IN_SV: {
    doc: 'Swedish sign-in text instead of the built-in one. `{code}` is the code, `{validity}` how long it works (`10 minuter`), `\\n` a line break. The WebOTP line `@host #code` is always added at the end.',
    default: '(built in)',
    schema: template.optional(),
    value: unset,
  },
  SMS_TEXT_SIGN_IN_EN: {
    doc: 'English sign-in text; as `SMS_TEXT_SIGN_IN_SV`.',
    default: '(built in)',
    schema: template.optional(),
    value: unset,
  },
  SMS_TEXT_VERIFY_SV: {
    doc: 'Swedish text for confirming a newly added number; as `SMS_TEXT_SIGN_IN_SV`.',
    default: '(built in)',
    schema: template.optional(),
    value: unset,
  },
  SMS_TEXT_VERIFY_EN: {
    doc: 'English text for confirming a newly added number; as `SMS_TEXT_SIGN_IN_SV`.',
    default: '(built in)',
    schema: template.optional(),
    value: unset,
  },
  OPERATOR_TOKEN: {
    doc: 'Bearer token for the operator API (`GET /api/v1/operator/sms`: text counts and delivery latency by status and transport); at least 32 characters. Without it the operator API answers 404.',
    default: '(none)',
    schema: z.string().trim().min(32, 'must be at least 32 characters').optional(),
    value: unset,
  },
});
