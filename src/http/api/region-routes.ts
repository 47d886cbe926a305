import type { FastifyPluginAsync } from 'fastify';
import { negotiateLocale } from '../../i18n/locale.ts';
import { describeRegions } from '../../domain/security-info/regions.ts';
import type { HttpServices } from '../services.ts';

export const regionRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  app.get('/regions', async (request, reply) => {
    reply.header('vary', 'accept-language');
    reply.header('cache-control', 'public, max-age=300');
    return describeRegions(s.config.regions, negotiateLocale(request.headers['accept-language']));
  });
};
