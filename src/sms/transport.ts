import type { Locale } from '../i18n/locale.ts';
import type { ReportedStatus } from './outbox-attempt-store.ts';

/** One message (a text, or a mail), as handed to a gateway or mail server. */
export interface OutgoingMessage {
  /** Our outbox id: gateways that report by callback get it back in the callback URL; mails carry it in their Message-ID. */
  readonly id: string;
  /** Which attempt of the message this is (1, 2, …); reports name it, so a late one is not taken for a newer one. */
  readonly attempt: number;
  readonly to: string;
  readonly body: string;
  /** A mail's subject (texts have none). */
  readonly subject?: string | null;
  /** The language the message is written in (a mail's Content-Language). */
  readonly locale?: Locale;
}
export type OutgoingSms = OutgoingMessage;

/** A transport of texts; mail transports implement the same interface. */
export type SmsTransport = MessageTransport;

export type SendOutcome =
  /** `gatewayId`: the gateway's own id for the text, when its reports carry only that (SMPP). */
  | { readonly ok: true; readonly status: 'sent' | 'delivered'; readonly gatewayId?: string }
  /**
   * `inDoubt`: the text may have reached the gateway (it went out, no answer came back). It is
   * then not sent again at once, but waits for the gateway's report like a text in doubt after a
   * crash, so a slow network does not turn into two texts.
   */
  | { readonly ok: false; readonly retryable: boolean; readonly error: string; readonly inDoubt?: boolean };

/** The small interface every way of sending messages implements (dev inboxes, Kannel, SMPP, HTTP APIs, SMTP). */
export interface MessageTransport {
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Opens what the transport keeps open (an SMPP session); sends before it is up fail as retryable. */
  start?(): void;
  /** Closes it; sends in flight are answered first or fail as retryable. */
  stop?(): Promise<void>;
}

/**
 * A gateway's word on one attempt. Callback reports name our message and attempt; SMPP
 * receipts name only the gateway's id, which the attempt was stored with.
 */
export type DeliveryReport = {
  readonly transport: string;
  readonly status: ReportedStatus;
  /** The gateway's own words (error code, receipt text), kept for operators. */
  readonly detail?: string;
} & ({ readonly messageId: string; readonly attempt: number } | { readonly gatewayId: string });

/** Where transports that receive reports on their own connection (SMPP) hand them. */
export type ReportSink = (report: DeliveryReport) => Promise<void>;
