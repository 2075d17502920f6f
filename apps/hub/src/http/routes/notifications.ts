import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notificationEntityView } from '../../inbox/notification-queries.js';
import { readScope, tenantOf } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { errorResponses, idParams } from '../schemas/common.js';
import { notificationList, notificationListQuery, notificationView } from '../schemas/notifications.js';

/** The tenant's inbox (the admin reads every tenant's). */
export const notificationRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/v1/notifications',
    {
      config: { access: 'any' },
      schema: {
        tags: ['notifications'],
        summary: 'The inbox, newest first',
        querystring: notificationListQuery,
        response: { 200: notificationList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { tenantId, ...filter } = request.query;
      return deps.notificationQueries.list({ ...filter, tenantId: readScope(request, tenantId) });
    },
  );

  app.post(
    '/v1/notifications/:id/resolve',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['notifications'],
        summary: 'Handled outside the hub (e.g. booked by hand): resolve it; its invoice becomes `resolved`',
        params: idParams,
        response: { 200: notificationView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => notificationEntityView(await deps.notifications.resolveManually(tenantOf(request).id, request.params.id)),
  );
};
