import { hmac, hmacMatchesAny } from '../lib/secrets.ts';

/** The path report callbacks arrive at, under `/api/v1`. */
export const REPORT_PATH = '/sms/reports';

/**
 * Callback URLs that carry their own proof: the message id and attempt, signed with the
 * service's secret key. A gateway (or anyone) can only report on a message we asked it to
 * send, and a URL leaked for one message says nothing about another.
 */
export class ReportUrls {
  readonly #base: URL;
  constructor(
    base: URL,
    private readonly secretKey: Buffer,
    /** A text sent just before a rotation still has its report accepted. */
    private readonly previousKeys: readonly Buffer[] = [],
  ) {
    // Resolve against a base that ends in a slash, so a path prefix (a proxy's) is kept.
    this.#base = new URL(base.href.endsWith('/') ? base.href : `${base.href}/`);
  }

  /** Our own placeholders first; Kannel appends its `%d`-style ones after them. */
  url(transport: string, messageId: string, attempt: number): string {
    const url = new URL(`api/v1${REPORT_PATH}/${transport}`, this.#base);
    url.searchParams.set('m', messageId);
    url.searchParams.set('a', String(attempt));
    url.searchParams.set('t', this.token(transport, messageId, attempt));
    return url.href;
  }

  /** The absolute URL a request path (with query) was made to, as a gateway that signs requests saw it. */
  absolute(pathAndQuery: string): string {
    return new URL(pathAndQuery.replace(/^\//, ''), this.#base).href;
  }

  verify(transport: string, messageId: string, attempt: number, token: string): boolean {
    return hmacMatchesAny([this.secretKey, ...this.previousKeys], 'sms-report', reportSubject(transport, messageId, attempt), token);
  }

  token(transport: string, messageId: string, attempt: number): string {
    return hmac(this.secretKey, 'sms-report', reportSubject(transport, messageId, attempt));
  }
}

const reportSubject = (transport: string, messageId: string, attempt: number): string => `${transport}\0${messageId}\0${attempt}`;
