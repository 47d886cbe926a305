import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SmsTransportName } from '../../config/sms-settings.ts';
import type { DeliveryReports } from '../../sms/delivery-reports.ts';
import type { ReportedStatus } from '../../sms/outbox-attempt-store.ts';
import { REPORT_PATH, type ReportUrls } from '../../sms/report-urls.ts';
import { kannelReportStatus } from '../../sms/transports/kannel-transport.ts';
import { verifyTwilioSignature } from '../../sms/transports/twilio-signature.ts';
import { twilioReportStatus } from '../../sms/transports/twilio-transport.ts';
import { sendProblem } from '../problems.ts';
import { parseBody } from '../validation.ts';
import { apiSchema, type ApiRoute } from './route-schema.ts';

export interface SmsReportServices {
  readonly smsReports: DeliveryReports;
  readonly reportUrls: ReportUrls;
  readonly config: { readonly sms: { readonly transports: readonly SmsTransportName[]; readonly twilio: { readonly authToken: string } | undefined } };
}

const signed = z.object({ m: z.string().max(64), a: z.coerce.number().int().min(1).max(1_000_000), t: z.string().max(128) });
const recorded = z.object({ recorded: z.literal(true) });
const kannelQuery = signed.extend({ status: z.string().optional(), answer: z.string().optional() });
const twilioForm = z.record(z.string(), z.string()).meta({ description: 'Twilio’s status callback form (`MessageStatus`, `ErrorCode`, …), signed in X-Twilio-Signature.' });

/** Called by gateways at the signed URLs the service gave them, never by clients. */
const reportSchema = (route: Pick<ApiRoute, 'summary' | 'body' | 'consumes'> & { querystring?: ApiRoute['querystring'] }) =>
  apiSchema({
    querystring: signed,
    ...route,
    tags: ['sms-reports'],
    responses: { 200: { description: 'Recorded (or a repeat, which changes nothing).', body: recorded } },
    problems: ['not_found', 'unauthenticated', 'validation_failed'],
  });

const webhookReport = z.object({ status: z.enum(['sent', 'delivered', 'failed', 'expired']), detail: z.string().max(500).optional() });

/**
 * Delivery reports from gateways, at the signed URLs we gave them: a report for a message
 * we did not send through that gateway is refused. Any report, repeated or late, answers 200
 * once it is recorded (200: Kannel retries on 204): the rules in DeliveryReports make a repeat
 * change nothing, and the gateway need not retry. Nothing here tells anyone what became of a text.
 */
export const smsReportRoutes = (s: SmsReportServices): FastifyPluginAsync => async (app) => {
  // Twilio posts forms; only these routes take them.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  /** The message and attempt the signed URL names, or undefined after answering. */
  const authorised = (transport: SmsTransportName, request: FastifyRequest, reply: FastifyReply) => {
    if (!s.config.sms.transports.includes(transport)) {
      void sendProblem(request, reply, 'not_found');
      return undefined;
    }
    const query = signed.safeParse(request.query);
    if (!query.success || !s.reportUrls.verify(transport, query.data.m, query.data.a, query.data.t)) {
      void sendProblem(request, reply, 'unauthenticated');
      return undefined;
    }
    return { messageId: query.data.m, attempt: query.data.a };
  };

  const record = async (reply: FastifyReply, transport: SmsTransportName, target: { messageId: string; attempt: number }, status: ReportedStatus | undefined, detail?: string) => {
    if (status) await s.smsReports.record({ transport, status, ...target, ...(detail ? { detail } : {}) });
    // 200, not 204: Kannel's smsbox takes only 200 and 202 as done and retries anything else.
    return reply.code(200).send({ recorded: true });
  };

  // Kannel's dlr-url: a GET with `status=%d&answer=%A` appended.
  app.get(`${REPORT_PATH}/kannel`, { schema: reportSchema({ summary: 'Kannel delivery report (dlr-url)', querystring: kannelQuery }) }, async (request, reply) => {
    const target = authorised('kannel', request, reply);
    if (!target) return reply;
    const { status, answer } = request.query as { status?: string; answer?: string };
    const code = Number(status);
    if (!Number.isInteger(code)) return sendProblem(request, reply, 'validation_failed');
    return record(reply, 'kannel', target, kannelReportStatus(code), answer?.slice(0, 200));
  });

  app.post(`${REPORT_PATH}/http`, { schema: reportSchema({ summary: 'HTTP gateway delivery report', body: webhookReport }) }, async (request, reply) => {
    const target = authorised('http', request, reply);
    if (!target) return reply;
    const body = parseBody(webhookReport, request, reply);
    if (!body) return reply;
    return record(reply, 'http', target, body.status, body.detail);
  });

  // Twilio's status callback: also signed by Twilio over the URL and the form.
  app.post(`${REPORT_PATH}/twilio`, { schema: reportSchema({ summary: 'Twilio status callback', body: twilioForm, consumes: ['application/x-www-form-urlencoded'] }) }, async (request, reply) => {
    const target = authorised('twilio', request, reply);
    if (!target) return reply;
    const form = (request.body ?? {}) as Record<string, string>;
    const signature = String(request.headers['x-twilio-signature'] ?? '');
    const authToken = s.config.sms.twilio?.authToken ?? '';
    if (!verifyTwilioSignature(authToken, s.reportUrls.absolute(request.url), form, signature)) return sendProblem(request, reply, 'unauthenticated');
    const detail = form.ErrorCode ? `error ${form.ErrorCode}` : undefined;
    return record(reply, 'twilio', target, twilioReportStatus(form.MessageStatus ?? ''), detail);
  });
};
