import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { tenantOf } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { errorResponses } from '../schemas/common.js';
import { customerBody, customerParams, customerPatch, customerView } from '../schemas/customers.js';

/** The tenant's customer master data. Changing it never calls the tool: the next sync of an invoice pushes it. */
export const customerRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.put(
    '/v1/customers/:ref',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['customers'],
        summary: 'Create or replace a customer',
        description: 'Stored only; the master data reaches the tool with the next sync of one of the customer\'s invoices.',
        params: customerParams,
        body: customerBody,
        response: { 200: customerView, ...errorResponses(400, 401, 403, 415) },
      },
    },
    async (request) => {
      const { customer } = await deps.customers.upsert(tenantOf(request).id, request.params.ref, request.body);
      return customer;
    },
  );

  app.get(
    '/v1/customers/:ref',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['customers'],
        summary: 'A customer, with syncDisabled and its record in the current tool',
        params: customerParams,
        response: { 200: customerView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.customers.get(tenantOf(request).id, request.params.ref),
  );

  app.patch(
    '/v1/customers/:ref',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['customers'],
        summary: 'Stop (or resume) pushing the master data to the tool',
        params: customerParams,
        body: customerPatch,
        response: { 200: customerView, ...errorResponses(400, 401, 403, 404, 415) },
      },
    },
    async (request) => deps.customers.setSyncDisabled(tenantOf(request).id, request.params.ref, request.body.syncDisabled),
  );
};
