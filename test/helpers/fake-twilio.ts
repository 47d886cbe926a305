import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as the fake Twilio API took it. */
export interface TwilioMessage {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly statusCallback: string | undefined;
}

export interface FakeTwilio {
  readonly url: string;
  readonly messages: TwilioMessage[];
  /** Status callbacks it made, with the status our service answered. */
  readonly callbacks: { readonly status: string; readonly answered: number }[];
  close(): Promise<void>;
}

const body = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    request.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    request.on('end', () => resolve(data));
  });

/**
 * A stand-in for Twilio's REST API on loopback (there is no internet here), following its
 * documented behaviour: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic
 * auth and a form body (To, From, Body, StatusCallback), answered 201 with the message resource
 * as JSON; 401 with error 20003 for bad credentials, 400 with 21211 for an invalid To. Then it
 * POSTs the status callbacks (`sent`, then `delivered`, or `undelivered` with ErrorCode 30003 for
 * numbers starting +46709) as forms, signed in X-Twilio-Signature: base64 HMAC-SHA1 with the
 * auth token over the callback URL followed by the sorted parameters as name+value.
 */
export async function startFakeTwilio(accountSid: string, authToken: string, options: { signWith?: string } = {}): Promise<FakeTwilio> {
  const messages: TwilioMessage[] = [];
  const callbacks: { status: string; answered: number }[] = [];
  const sign = (url: string, params: Record<string, string>) =>
    // `signWith`: a token other than the account's, as a forger would have to guess.
    createHmac('sha1', options.signWith ?? authToken)
      .update(Object.keys(params).sort().reduce((acc, key) => acc + key + params[key], url))
      .digest('base64');

  const callback = async (message: TwilioMessage, status: string, extra: Record<string, string> = {}) => {
    if (!message.statusCallback) return;
    const params: Record<string, string> = { AccountSid: accountSid, ApiVersion: '2010-04-01', From: message.from, MessageSid: message.sid, MessageStatus: status, SmsSid: message.sid, SmsStatus: status, To: message.to, ...extra };
    const response = await fetch(message.statusCallback, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(message.statusCallback, params) },
      body: new URLSearchParams(params),
    });
    callbacks.push({ status, answered: response.status });
  };

  const server: Server = createServer(async (request, response) => {
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    if (request.method !== 'POST' || request.url !== path) return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    const form = Object.fromEntries(new URLSearchParams(await body(request)));
    if (!form.To || !/^\+\d{6,15}$/.test(form.To)) return json(400, { code: 21211, message: `The 'To' number ${form.To ?? ''} is not a valid phone number.`, status: 400 });
    if (!form.Body) return json(400, { code: 21602, message: 'Message body is required.', status: 400 });
    const message: TwilioMessage = { sid: `SM${randomBytes(16).toString('hex')}`, to: form.To, from: form.From ?? '', body: form.Body, statusCallback: form.StatusCallback };
    messages.push(message);
    json(201, { sid: message.sid, account_sid: accountSid, to: message.to, from: message.from, body: message.body, status: 'queued', num_segments: '1', direction: 'outbound-api', api_version: '2010-04-01' });
    setImmediate(async () => {
      await callback(message, 'sent');
      if (message.to.startsWith('+46709')) await callback(message, 'undelivered', { ErrorCode: '30003' });
      else await callback(message, 'delivered');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    callbacks,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
