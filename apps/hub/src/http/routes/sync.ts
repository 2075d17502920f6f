import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors/hub-error.js';
import { tenantOf } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { errorResponses, idParams } from '../schemas/common.js';
import { backfillAccepted, backfillBody, syncAccepted } from '../schemas/invoices.js';

/** Booking on demand: one invoice again, or every unbooked invoice of a date range. */
export const syncRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post(
    '/v1/invoices/:id/sync',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['invoices'],
        summary: 'Book again now, with the current master data',
        params: idParams,
        response: { 202: syncAccepted, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      // Scoped here as well, so that another tenant's invoice is a 404 whatever the sync engine does.
      if (!(await deps.invoices.exists(request.params.id, tenant.id))) throw notFound('invoice');
      await deps.sync.resync(tenant.id, request.params.id);
      return reply.code(202).send({ id: request.params.id, queued: true as const });
    },
  );

  app.post(
    '/v1/sync/backfill',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['invoices'],
        summary: 'Queue every invoice of a date range that is not booked yet',
        body: backfillBody,
        response: { 202: backfillAccepted, ...errorResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const { from, to, status } = request.body;
      const queued = await deps.sync.backfill(tenantOf(request).id, status === undefined ? { from, to } : { from, to, status });
      return reply.code(202).send({ queued });
    },
  );
};
