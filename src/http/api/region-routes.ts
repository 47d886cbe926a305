import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { negotiateLocale } from '../../i18n/locale.ts';
import { describeRegions } from '../../domain/security-info/regions.ts';
import type { HttpServices } from '../services.ts';
import { apiSchema } from './route-schema.ts';

const region = z.object({ code: z.string(), callingCode: z.string().meta({ description: 'With its plus sign: `+46`.' }), name: z.string().meta({ description: 'In the language of Accept-Language.' }), names: z.object({ sv: z.string(), en: z.string() }) });

export const regionRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  app.get('/regions', {
    schema: apiSchema({
      summary: 'The regions offered',
      tags: ['regions'],
      responses: { 200: { description: 'Only the regions in `REGIONS`, in that order.', body: z.array(region) } },
      problems: [],
    }),
  }, async (request, reply) => {
    reply.header('vary', 'accept-language');
    reply.header('cache-control', 'public, max-age=300');
    return describeRegions(s.config.regions, negotiateLocale(request.headers['accept-language']));
  });
};
