import type { MailMessage } from '../domain/code-delivery/mail-queue.ts';
import { codeToLetters } from '../domain/accounts/link-code.ts';
import { format, messages } from '../i18n/messages.ts';
import { describeValidity, redactCodes } from '../sms/message-texts.ts';

/** A mail as it is queued and sent: a subject and a plain text (UTF-8). */
export interface ComposedMail {
  readonly subject: string;
  readonly text: string;
}

/**
 * The subject and text of each kind of mail, in the person's language. A code is the only run
 * of six or more digits in a mail, so people and mail apps pick it out: the link carries it in
 * letters (codeToLetters), and digits of the address in the link are percent-encoded.
 */
export function composeMail(mail: MailMessage, context: { readonly publicUrl: URL; readonly ttlSeconds: number }): ComposedMail {
  const catalogue = messages(mail.locale).mail;
  // PUBLIC_URL may end in a slash, or carry a path the service is mounted under.
  const base = context.publicUrl.href.replace(/\/$/, '');
  const validity = describeValidity(context.ttlSeconds, mail.locale);
  const forgotPassword = `${base}/forgot-password`;
  const signed = (subject: string, text: string): ComposedMail => ({ subject, text: `${text}\n\n${catalogue.signature}\n` });
  switch (mail.kind) {
    case 'verify_email': {
      const link = `${base}/verify-email?email=${encodeAddress(mail.to)}&code=${codeToLetters(mail.code)}`;
      return signed(catalogue.verifyEmail.subject, format(catalogue.verifyEmail.text, { code: mail.code, validity, link }));
    }
    case 'sign_up_attempt':
      return signed(catalogue.signUpAttempt.subject, format(catalogue.signUpAttempt.text, { signIn: `${base}/sign-in`, forgotPassword: `${base}/forgot-password` }));
    case 'password_reset':
      return signed(catalogue.passwordReset.subject, format(catalogue.passwordReset.text, { code: mail.code, validity }));
    case 'password_changed':
      return signed(catalogue.passwordChanged.subject, format(catalogue.passwordChanged.text, { forgotPassword }));
    case 'account_deleted':
      return signed(catalogue.accountDeleted.subject, catalogue.accountDeleted.text);
    case 'passkey_added':
      return signed(catalogue.passkeyAdded.subject, format(catalogue.passkeyAdded.text, { security: `${base}/account/security` }));
    case 'passkey_removed':
      return signed(catalogue.passkeyRemoved.subject, format(catalogue.passkeyRemoved.text, { security: `${base}/account/security` }));
    case 'phone_added':
      return signed(catalogue.phoneAdded.subject, format(catalogue.phoneAdded.text, { digits: mail.lastDigits, forgotPassword }));
    case 'phone_removed':
      return signed(catalogue.phoneRemoved.subject, format(catalogue.phoneRemoved.text, { digits: mail.lastDigits, forgotPassword }));
    case 'new_browser':
      return signed(catalogue.newBrowser.subject, format(catalogue.newBrowser.text, { browser: mail.browser ?? messages(mail.locale).sms.unknownBrowser, ip: mail.ip ?? '–', forgotPassword }));
    case 'change_email':
      return signed(catalogue.changeEmail.subject, format(catalogue.changeEmail.text, { code: mail.code, validity }));
    case 'email_change_attempt':
      return signed(catalogue.emailChangeAttempt.subject, format(catalogue.emailChangeAttempt.text, { signIn: `${base}/sign-in` }));
    case 'email_changed': {
      // `code=`, so the outbox blanks the undo token once the mail has left, as it does codes.
      const link = `${base}/account/email/undo?code=${mail.undoToken}`;
      return signed(catalogue.emailChanged.subject, format(catalogue.emailChanged.text, { days: mail.undoDays, link }));
    }
  }
}

/** URL-encoded, with every digit percent-encoded too (%3N), so an address cannot add a run of digits. */
const encodeAddress = (address: string): string => [...address].map((c) => (/\d/.test(c) ? `%3${c}` : encodeURIComponent(c))).join('');

/**
 * What the outbox keeps once a mail has left: the code blanked wherever it stands, in digits
 * or as a link's `code=` letters.
 */
export const redactMailCodes = (text: string): string =>
  redactCodes(text).replace(/([?&]code=)([^&\s#]+)/g, (_whole, key: string, value: string) => key + '•'.repeat(value.length));
