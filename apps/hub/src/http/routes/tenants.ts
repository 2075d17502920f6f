import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { tenantOf } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { errorResponses } from '../schemas/common.js';
import { createdTenant, createTenantBody, settingsUpdate, settingsView } from '../schemas/tenants.js';

/** Tenants (admin) and the calling tenant's settings. */
export const tenantRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post(
    '/v1/tenants',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tenants'],
        summary: 'Create a tenant (admin); answers its API key once',
        body: createTenantBody,
        response: { 201: createdTenant, ...errorResponses(400, 401, 403, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await deps.tenants.create(request.body.name)),
  );

  app.get(
    '/v1/settings',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['tenants'],
        summary: "The tenant's sync settings",
        response: { 200: settingsView, ...errorResponses(401, 403) },
      },
    },
    async (request) => deps.tenants.settings(tenantOf(request).id),
  );

  app.put(
    '/v1/settings',
    {
      config: { access: 'tenant' },
      schema: {
        tags: ['tenants'],
        summary: 'Change the sync settings (any subset); answers all of them',
        description:
          'The connector must exist (422 `unknown_connector`), and it and the tenant\'s connection to it must support the mode and invoice status (422 `setting_unsupported` with the reason, e.g. lexoffice cannot e-mail invoices on an API-key connection).',
        body: settingsUpdate,
        response: { 200: settingsView, ...errorResponses(400, 401, 403, 415, 422) },
      },
    },
    async (request) => deps.tenants.updateSettings(tenantOf(request).id, request.body),
  );
};
