import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Tenant } from '../../db/entities/tenant.js';
import { tenantOf } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { errorResponses } from '../schemas/common.js';
import { authorizeQuery, connectBody, connectionView, connectorParams, testResult } from '../schemas/connections.js';

/** A tenant's connections; each route delegates to the ConnectionService. */
export const connectionRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  // The ConnectionService works on the Tenant entity.
  const tenantEntity = (id: string) => deps.em().findOneOrFail(Tenant, id);

  app.put(
    '/v1/connections/:connector',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['connections'],
        summary: 'Connect with token-style credentials; tested at once, stored only when the test passes',
        params: connectorParams,
        body: connectBody,
        response: { 200: connectionView, ...errorResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => {
      const tenant = await tenantEntity(tenantOf(request).id);
      return deps.connections.connect(tenant, request.params.connector, request.body);
    },
  );

  app.get(
    '/v1/connections/:connector/authorize',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['connections'],
        summary: "OAuth: 302 to the provider's consent page",
        description: 'PKCE S256, `state` bound to the tenant. With `Accept: application/json` answers 200 `{ url }` instead of redirecting.',
        params: connectorParams,
        querystring: authorizeQuery,
        response: {
          200: z.object({ url: z.url() }).describe('With Accept: application/json'),
          302: z.undefined().describe("Redirect to the provider's consent page (Location)"),
          ...errorResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const tenant = await tenantEntity(tenantOf(request).id);
      const { redirectTo, options } = request.query;
      const input = { ...(redirectTo === undefined ? {} : { redirectTo }), ...(options === undefined ? {} : { options }) };
      const { url } = await deps.connections.startAuthorization(tenant, request.params.connector, input);
      if (prefersJson(request.headers.accept)) return reply.code(200).send({ url });
      return reply.redirect(url, 302);
    },
  );

  app.post(
    '/v1/connections/:connector/test',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['connections'],
        summary: 'Test the stored connection now',
        params: connectorParams,
        response: { 200: testResult, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const tenant = await tenantEntity(tenantOf(request).id);
      return deps.connections.test(tenant, request.params.connector);
    },
  );

  app.get(
    '/v1/connections',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['connections'],
        summary: "The tenant's connections (one per connector)",
        response: { 200: z.array(connectionView), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const tenant = await tenantEntity(tenantOf(request).id);
      return deps.connections.list(tenant);
    },
  );

  app.delete(
    '/v1/connections/:connector',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['connections'],
        summary: 'Disconnect: revokes the tokens where the provider allows it',
        params: connectorParams,
        response: { 204: z.undefined().describe('Deleted'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const tenant = await tenantEntity(tenantOf(request).id);
      await deps.connections.disconnect(tenant, request.params.connector);
      return reply.code(204).send();
    },
  );
};

/** Whether the client asked for JSON rather than a browser redirect. */
function prefersJson(accept: string | undefined): boolean {
  return !!accept && /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept);
}
