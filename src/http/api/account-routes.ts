import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { sendProblem } from '../problems.ts';
import type { HttpServices } from '../services.ts';
import { parseBody, text } from '../validation.ts';

const createAccount = z.object({ email: text(1024), password: text(4096) });

export const accountRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  app.post('/accounts', async (request, reply) => {
    const body = parseBody(createAccount, request, reply);
    if (!body) return reply;
    const result = await s.accounts.signUp(body.email, body.password, request.ip);
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(201).send(result.value);
  });
};
