import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { MessageTransport, OutgoingMessage, SendOutcome } from '../../sms/transport.ts';

export interface SmtpSettings {
  /** SMTP_URL: `smtp://host:587` (STARTTLS when offered) or `smtps://user:password@host:465`. */
  readonly url: string;
  /** MAIL_FROM: `Name <address>` or an address. */
  readonly from: string;
  /** The right-hand side of every Message-ID: the hostname of PUBLIC_URL. */
  readonly messageIdDomain: string;
  /**
   * How long connecting, the greeting and each answer may take, and the whole session at most:
   * a server that hangs holds a dispatcher slot no longer than this.
   */
  readonly timeoutMs: number;
}

/** The Message-ID of an outbox mail: the same for every attempt, so a mail sent twice is seen as one. */
export const messageIdOf = (outboxId: string, domain: string): string => `<${outboxId}@${domain}>`;

interface SmtpError extends Error {
  readonly code?: string;
  readonly responseCode?: number;
}

/**
 * Hands mails to an SMTP server with nodemailer, one session per mail (as nodemailer's own SMTP
 * transport does without a pool). It drives nodemailer's SMTPConnection itself to know whether
 * the message data had left when a session broke: an answer of 2xx is delivered (mail has no
 * delivery reports), 5xx to the envelope or the message is a refusal for good, 4xx and broken
 * or silent connections before the data left are worth a retry, and a connection lost after the
 * data left but before the server's answer is in doubt (the server may have taken it), so the
 * dispatcher waits before sending it again, as for a text.
 */
export function smtpTransport(settings: SmtpSettings): MessageTransport {
  const url = new URL(settings.url);
  const secure = url.protocol === 'smtps:';
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  const connectionOptions = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    dnsTimeout: settings.timeoutMs,
    logger: false,
  };

  return {
    name: 'smtp',
    async send(mail) {
      const raw = await compose(mail, settings);
      return session(connectionOptions, auth, raw, settings.timeoutMs);
    },
  };
}

async function compose(mail: OutgoingMessage, settings: SmtpSettings): Promise<{ envelope: { from: string; to: string[] }; message: Buffer }> {
  const node = new MailComposer({
    from: settings.from,
    to: mail.to,
    subject: mail.subject ?? '',
    text: mail.body,
    messageId: messageIdOf(mail.id, settings.messageIdDomain),
    headers: mail.locale ? { 'Content-Language': mail.locale } : {},
  }).compile();
  const envelope = node.getEnvelope();
  return { envelope: { from: envelope.from || '', to: envelope.to }, message: await node.build() };
}

function session(
  options: ConstructorParameters<typeof SMTPConnection>[0],
  auth: { user: string; pass: string } | undefined,
  raw: { envelope: { from: string; to: string[] }; message: Buffer },
  timeoutMs: number,
): Promise<SendOutcome> {
  return new Promise<SendOutcome>((resolve) => {
    const connection = new SMTPConnection(options);
    // Set once the whole message was read for the socket: a break after that leaves it in doubt.
    let dataLeft = false;
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (outcome.ok) connection.quit();
      else connection.close();
      resolve(outcome);
    };
    const failed = (error: SmtpError) => finish(outcomeOf(error, dataLeft));
    // A server that trickles its answers byte by byte would reset every socket timeout.
    const deadline = setTimeout(() => failed(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    connection.on('error', failed);
    connection.once('end', () => failed(Object.assign(new Error('the server closed the connection'), { code: 'ECONNECTION' })));

    const send = () => {
      const message = Readable.from([raw.message]);
      message.once('end', () => (dataLeft = true));
      connection.send(raw.envelope, message, (error) => (error ? failed(error) : finish({ ok: true, status: 'delivered' })));
    };
    connection.connect((error?: Error | null) => {
      if (error) return failed(error);
      if (!auth) return send();
      connection.login(auth, (loginError) => (loginError ? failed(loginError) : send()));
    });
  });
}

/**
 * What a failed session means for the mail. A refusal with a 5xx answer stands (the server will
 * not take it however often it is sent); a failed login or TLS set-up is ours to fix, so it is
 * retried like a 4xx while the operator does.
 */
function outcomeOf(error: SmtpError, dataLeft: boolean): SendOutcome {
  const answer = error.responseCode;
  const text = error.message.replace(/\s+/g, ' ').trim();
  if (answer !== undefined && answer >= 500 && answer < 600 && error.code !== 'EAUTH' && error.code !== 'ETLS') {
    return { ok: false, retryable: false, error: text };
  }
  if (answer !== undefined && answer >= 400) return { ok: false, retryable: true, error: text };
  if (dataLeft) return { ok: false, retryable: true, inDoubt: true, error: `${text} (after the message was sent, before the server answered)` };
  return { ok: false, retryable: true, error: text };
}
