import { z } from 'zod';
import { defineSettings, unset } from './setting.ts';

/**
 * The mail settings (how mails leave, and who they come from), kept beside the general ones in
 * schema.ts and rendered into docs/configuration.md with them.
 */

export const mailTransportNames = ['smtp', 'dev'] as const;
export type MailTransportName = (typeof mailTransportNames)[number];

/** The general settings these defaults depend on; schema.ts checks them where it joins the tables. */
type General = { readonly PUBLIC_URL: URL };

/** `Name <address>` or a bare address: one sender, no line breaks (a header value). */
const mailbox = z
  .string()
  .trim()
  .regex(/^([^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be an address (no-reply@example.se) or a name and an address (Engångskod <no-reply@example.se>)');

export const mailSettings = defineSettings<General>()({
  MAIL_TRANSPORT: {
    doc: 'How mails (address confirmation, password reset, notices) are sent: `smtp` through the mail server at `SMTP_URL`, with retries and backoff from the same outbox as texts; `dev` keeps them in the development inbox at `/dev/mail` and is refused in production. The mail dispatcher shares `SMS_DISPATCHER`, `SMS_CONCURRENCY`, `SMS_LEASE_SECONDS`, `SMS_SEND_TIMEOUT_SECONDS` and `SMS_FAILOVER_SECONDS` with the texts’ one.',
    default: 'dev (development), smtp (production)',
    schema: z.enum(mailTransportNames, { error: (issue) => `unknown mail transport ${String(issue.input)} (known: ${mailTransportNames.join(', ')})` }),
    value: ({ production }) => (production ? 'smtp' : 'dev'),
  },
  SMTP_URL: {
    doc: 'The mail server mails are handed to: `smtp://host:587` (STARTTLS when the server offers it) or `smtps://user:password@host:465` (TLS from the start), with the user name and password URL-encoded. Each mail is one SMTP session, given `SMS_SEND_TIMEOUT_SECONDS` to connect, to be greeted and for each answer. Required with `smtp`.',
    default: '(none); required in production',
    schema: z.url({ protocol: /^smtps?$/ }).optional(),
    value: unset,
  },
  MAIL_FROM: {
    doc: 'Who mails come from (the From header and the envelope sender): an address, or a name and an address.',
    default: 'Engångskod <no-reply@hostname of $PUBLIC_URL>',
    schema: mailbox,
    value: ({ PUBLIC_URL }) => `Engångskod <no-reply@${PUBLIC_URL.hostname}>`,
  },
});
