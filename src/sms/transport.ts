/** One text, as handed to a gateway. */
export interface OutgoingSms {
  readonly id: string;
  readonly to: string;
  readonly body: string;
}

export type SendOutcome =
  | { readonly ok: true; readonly status: 'sent' | 'delivered' }
  | { readonly ok: false; readonly retryable: boolean; readonly error: string };

/** The small interface every way of sending texts implements (dev inbox, Kannel, SMPP, HTTP APIs). */
export interface SmsTransport {
  readonly name: string;
  send(sms: OutgoingSms): Promise<SendOutcome>;
}
