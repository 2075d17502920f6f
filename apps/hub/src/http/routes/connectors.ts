import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HttpDeps } from '../deps.js';
import { renderConnector } from '../render-connector.js';
import { errorResponses } from '../schemas/common.js';
import { connectorView } from '../schemas/connectors.js';

export const connectorRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/v1/connectors',
    {
      config: { access: 'any' },
      schema: {
        tags: ['connectors'],
        summary: 'The bookkeeping tools this hub can book into',
        response: { 200: z.array(connectorView), ...errorResponses(401) },
      },
    },
    async () => deps.registry.list().map(renderConnector),
  );
};
