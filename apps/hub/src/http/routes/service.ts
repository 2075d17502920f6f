import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HubError } from '../../errors/hub-error.js';
import type { HttpDeps } from '../deps.js';
import { errorResponses } from '../schemas/common.js';

const READY_TIMEOUT_MS = 2000;

/** Liveness and readiness. */
export const serviceRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['service'],
        summary: 'Liveness: 200 while the process lives',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['service'],
        summary: 'Readiness: 200 when the database answers, else 503',
        security: [],
        response: { 200: z.object({ status: z.literal('ready') }), ...errorResponses(503) },
      },
    },
    async (request) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          deps.pool.query('select 1'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
          }),
        ]);
        return { status: 'ready' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        throw new HubError(503, 'not_ready', 'The database does not answer.');
      } finally {
        clearTimeout(timer);
      }
    },
  );
};
