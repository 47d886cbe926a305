import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import smpp, { type Pdu, type Session } from 'smpp';
import { encodeGsm7 } from '../gsm7.ts';
import { encodingFor, splitSegments, type SmsEncoding } from '../segments.ts';
import type { OutgoingSms, ReportSink, SendOutcome, SmsTransport } from '../transport.ts';
import { parseReceipt } from './smpp-receipts.ts';

export interface SmppSettings {
  /** `smpp://system_id:password@host:2775` (`ssmpp://` for TLS). */
  readonly url: URL;
  readonly systemType: string;
  readonly sender: string;
  /** Submits awaiting their submit_sm_resp at once. */
  readonly window: number;
  readonly enquireLinkMs: number;
  /** How long a bind, a submit or an enquire_link may wait for its response. */
  readonly timeoutMs: number;
  /** `auto`: data_coding 0 (GSM 03.38) when every character fits, else 8 (UCS-2). `ucs2`: always 8. */
  readonly coding: 'auto' | 'ucs2';
}

/** SMSC answers that say "not now" rather than "never". */
const RETRYABLE_STATUSES = new Set([0x08 /* RSYSERR */, 0x14 /* RMSGQFUL */, 0x58 /* RTHROTTLED */, 0x64 /* RX_T_APPN */, 0x66 /* RX_R_APPN */]);
const DATA_CODING: Readonly<Record<SmsEncoding, number>> = { gsm7: 0, ucs2: 8 };
const MAX_RECONNECT_MS = 30_000;
/** Receipts can come before the dispatcher stored the SMSC's id: the id is mapped here first. */
const REMEMBERED_IDS = 50_000;

type Sent = { readonly messageId: string; readonly attempt: number; readonly lastPart: boolean };

/**
 * SMPP 3.4 as an ESME, straight to an SMSC: one transceiver session (submits out, receipts
 * in), kept alive by enquire_link and re-bound with backoff when it drops. At most `window`
 * submits wait for their response at once. data_coding is always set: left unset, node-smpp
 * guesses, and labels GSM bytes as IA5. TCP_NODELAY is on; without it each submit waits for
 * the peer's delayed ACK (55/s instead of thousands).
 */
export class SmppTransport implements SmsTransport {
  readonly name = 'smpp';
  #session: Session | undefined;
  #bound = false;
  #running = false;
  #failures = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #enquireTimer: NodeJS.Timeout | undefined;
  #inFlight = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #pending = new Set<(outcome: SendOutcome) => void>();
  readonly #sent = new Map<string, Sent>();
  #reference = randomInt(0, 256);

  constructor(
    private readonly settings: SmppSettings,
    private readonly reports: ReportSink,
    private readonly logger: Logger,
  ) {}

  /** Whether a session is bound now (for tests and readiness). */
  get bound(): boolean {
    return this.#bound;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#enquireTimer);
    const session = this.#session;
    if (!session) return;
    if (this.#bound) {
      // Unbind politely, but do not wait on a peer that keeps the socket half-open.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(this.settings.timeoutMs, 1000));
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        if (!session.unbind({}, done)) done();
      });
    }
    await new Promise<void>((resolve) => (session.socket.destroyed ? resolve() : session.destroy(() => resolve())));
  }

  async send(sms: OutgoingSms): Promise<SendOutcome> {
    if (!this.#bound) return { ok: false, retryable: true, error: 'not bound to the SMSC' };
    const encoding: SmsEncoding = this.settings.coding === 'ucs2' ? 'ucs2' : encodingFor(sms.body);
    const parts = splitSegments(sms.body, encoding);
    const reference = (this.#reference = (this.#reference + 1) % 256);
    let gatewayId = '';
    for (const [index, text] of parts.entries()) {
      const payload = encoding === 'gsm7' ? encodeGsm7(text) : Buffer.from(text, 'utf16le').swap16();
      const udh = parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, reference, parts.length, index + 1]) : undefined;
      const outcome = await this.#submit(sms, udh ? Buffer.concat([udh, payload]) : payload, encoding, udh !== undefined, index === parts.length - 1);
      if (!outcome.ok) return outcome;
      gatewayId = outcome.gatewayId ?? '';
    }
    return { ok: true, status: 'sent', gatewayId };
  }

  async #submit(sms: OutgoingSms, shortMessage: Buffer, encoding: SmsEncoding, concatenated: boolean, lastPart: boolean): Promise<SendOutcome> {
    await this.#slot();
    try {
      const session = this.#session;
      if (!this.#bound || !session) return { ok: false, retryable: true, error: 'not bound to the SMSC' };
      const alphanumeric = /[^+\d]/.test(this.settings.sender);
      return await new Promise<SendOutcome>((resolve) => {
        const settle = (outcome: SendOutcome) => {
          clearTimeout(timer);
          this.#pending.delete(settle);
          resolve(outcome);
        };
        // No answer: the session is broken; whether the SMSC took the text is unknown.
        const timer = setTimeout(() => {
          settle({ ok: false, retryable: true, inDoubt: true, error: 'no submit_sm_resp in time' });
          session.destroy();
        }, this.settings.timeoutMs);
        this.#pending.add(settle);
        const written = session.submit_sm(
          {
            source_addr_ton: alphanumeric ? 5 : 1,
            source_addr_npi: alphanumeric ? 0 : 1,
            source_addr: this.settings.sender.replace(/^\+/, ''),
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: sms.to.replace(/^\+/, ''),
            esm_class: concatenated ? 0x40 : 0,
            registered_delivery: 1,
            data_coding: DATA_CODING[encoding],
            short_message: shortMessage,
          },
          (pdu) => {
            if (pdu.command_status === 0) {
              const gatewayId = String(pdu.message_id ?? '').replace(/\0+$/, '');
              // Before any await: the receipt may be in the same TCP read as this response.
              this.#remember(gatewayId, { messageId: sms.id, attempt: sms.attempt, lastPart });
              settle({ ok: true, status: 'sent', gatewayId });
            } else {
              const status = pdu.command_status;
              settle({ ok: false, retryable: RETRYABLE_STATUSES.has(status), error: `submit_sm_resp status 0x${status.toString(16).padStart(8, '0')}` });
            }
          },
        );
        if (!written) settle({ ok: false, retryable: true, error: 'SMSC connection not writable' });
      });
    } finally {
      this.#release();
    }
  }

  #slot(): Promise<void> {
    if (this.#inFlight < this.settings.window) {
      this.#inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#inFlight -= 1;
  }

  #remember(gatewayId: string, sent: Sent): void {
    if (!gatewayId) return;
    this.#sent.set(gatewayId, sent);
    if (this.#sent.size > REMEMBERED_IDS) this.#sent.delete(this.#sent.keys().next().value as string);
  }

  #connect(): void {
    if (!this.#running) return;
    const { url } = this.settings;
    const tls = url.protocol === 'ssmpp:';
    const session = smpp.connect({ host: url.hostname, port: Number(url.port || (tls ? 3550 : 2775)), tls });
    this.#session = session;
    // Handlers first: PDUs of one read are handled in one go, before any await resumes.
    session.on('deliver_sm', (pdu: Pdu) => this.#onDeliver(session, pdu));
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.destroy();
    });
    session.on('error', (error: Error) => this.logger.warn({ err: error }, 'SMPP connection error'));
    session.on('close', () => this.#onClose(session));
    session.on(tls ? 'secureConnect' : 'connect', () => {
      session.socket.setNoDelay(true);
      const timer = setTimeout(() => session.destroy(), this.settings.timeoutMs);
      session.bind_transceiver(
        {
          system_id: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
          system_type: this.settings.systemType,
          interface_version: 0x34,
        },
        (pdu) => {
          clearTimeout(timer);
          if (pdu.command_status !== 0) {
            this.logger.error({ status: pdu.command_status }, 'SMSC refused the bind');
            session.destroy();
            return;
          }
          this.#bound = true;
          this.#failures = 0;
          this.logger.info({ smsc: `${url.hostname}:${url.port}` }, 'SMPP bound as transceiver');
          this.#keepAlive(session);
        },
      );
    });
  }

  #keepAlive(session: Session): void {
    clearInterval(this.#enquireTimer);
    this.#enquireTimer = setInterval(() => {
      const timer = setTimeout(() => {
        this.logger.warn('SMSC did not answer enquire_link; reconnecting');
        session.destroy();
      }, this.settings.timeoutMs);
      if (!session.enquire_link({}, () => clearTimeout(timer))) clearTimeout(timer);
    }, this.settings.enquireLinkMs);
    this.#enquireTimer.unref();
  }

  #onClose(session: Session): void {
    if (session !== this.#session) return;
    const wasBound = this.#bound;
    this.#bound = false;
    clearInterval(this.#enquireTimer);
    // Submits still waiting will never be answered on this session.
    for (const settle of [...this.#pending]) settle({ ok: false, retryable: true, inDoubt: true, error: 'SMSC connection closed before submit_sm_resp' });
    if (!this.#running) return;
    if (wasBound) this.logger.warn('SMPP connection lost; reconnecting');
    const ceiling = Math.min(MAX_RECONNECT_MS, 250 * 2 ** this.#failures);
    this.#failures += 1;
    this.#reconnectTimer = setTimeout(() => this.#connect(), Math.round(ceiling / 2 + Math.random() * (ceiling / 2)));
    this.#reconnectTimer.unref();
  }

  #onDeliver(session: Session, pdu: Pdu): void {
    session.send(pdu.response());
    const receipt = parseReceipt(pdu as Parameters<typeof parseReceipt>[0]);
    if (!receipt) {
      this.logger.info('SMPP deliver_sm that is not a delivery receipt ignored');
      return;
    }
    if (!receipt.status) return;
    const sent = this.#sent.get(receipt.gatewayId);
    // Parts before the last one only matter when they did not arrive.
    if (sent && !sent.lastPart && receipt.status !== 'failed' && receipt.status !== 'expired') return;
    if (sent && receipt.status !== 'sent') this.#sent.delete(receipt.gatewayId);
    const report = sent
      ? { transport: this.name, status: receipt.status, detail: receipt.detail, messageId: sent.messageId, attempt: sent.attempt }
      : { transport: this.name, status: receipt.status, detail: receipt.detail, gatewayId: receipt.gatewayId };
    this.reports(report).catch((error: unknown) => this.logger.error({ err: error, gatewayId: receipt.gatewayId }, 'SMPP receipt not recorded'));
  }
}
