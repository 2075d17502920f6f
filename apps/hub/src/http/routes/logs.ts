import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readScope } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { errorResponses } from '../schemas/common.js';
import { logList, logListQuery } from '../schemas/logs.js';

/** The call log for support: every call the hub made to a tool, secrets redacted, bodies capped. */
export const logRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/v1/logs',
    {
      config: { access: 'any' },
      schema: {
        tags: ['logs'],
        summary: 'Calls to the bookkeeping tools, newest first',
        description: 'A tenant sees its own calls; the admin every tenant\'s or those of `tenantId`.',
        querystring: logListQuery,
        response: { 200: logList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { tenantId, ...filter } = request.query;
      return deps.logs.list({ ...filter, tenantId: readScope(request, tenantId) });
    },
  );
};
