import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const TAGS = [
  { name: 'service', description: 'Liveness, readiness and this description' },
  { name: 'tenants', description: 'Tenants (admin) and their sync settings' },
  { name: 'connectors', description: 'The bookkeeping tools this hub can book into' },
  { name: 'connections', description: "A tenant's link to a tool: API token or OAuth" },
  { name: 'customers', description: "The tenant's customer master data" },
  { name: 'invoices', description: 'Intake, status, cancellation and re-sync of invoices' },
  { name: 'notifications', description: "The tenant's inbox of failed syncs and expired connections" },
  { name: 'logs', description: 'Every call the hub made to a bookkeeping tool (support)' },
];

const DESCRIPTION = `The accounting hub books a SaaS tenant's invoices into its bookkeeping tool (lexoffice, sevdesk, ...), exactly once.

**Authentication**: \`Authorization: Bearer <token>\`, either a tenant API key (returned once by \`POST /v1/tenants\`) or the admin token (\`HUB_ADMIN_TOKEN\`). A tenant sees only its own data: another tenant's resource answers 404. The admin may create tenants and read every tenant's invoices, notifications and logs (filter with \`tenantId\`); routes that act for one tenant answer 403 to the admin.

**Conventions**: JSON in camelCase; money as numbers or decimal strings with up to two places (answers use numbers); dates \`YYYY-MM-DD\`; timestamps ISO 8601 UTC. Errors answer \`{ "error": { "code", "message", "details": [{ "path": "lines.0.taxRate", "message" }] } }\`. Lists take \`limit\` (default 50, max 500) and \`cursor\` and answer \`{ "items", "nextCursor" }\` (\`GET /v1/connectors\` and \`GET /v1/connections\` answer plain arrays: one entry per connector at most).

**Intake**: \`POST /v1/invoices\` stores the invoice, its document and customer, and queues its booking in one transaction when the tenant has a connector and \`autoSync\` is on; otherwise the invoice stays \`pending\` until \`POST /v1/invoices/{id}/sync\` or \`POST /v1/sync/backfill\` queues it. Customer master data changed with \`PUT /v1/customers/{ref}\` is pushed to the tool with the next sync of one of the customer's invoices, never by itself.`;

/** @fastify/swagger (OpenAPI 3.1 from the routes' zod schemas), `GET /openapi.json` and Swagger UI at `/docs`. */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Accounting hub API', version: '1.0.0', description: DESCRIPTION },
      servers: [{ url: publicUrl }],
      tags: TAGS,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A tenant API key (hub_...) or the admin token' },
        },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: (input) => {
      // Swagger UI's own routes are hidden; its page itself is part of the contract, so document it.
      if (input.url === '/docs') {
        return {
          url: input.url,
          schema: {
            tags: ['service'],
            summary: 'Browsable API documentation (Swagger UI)',
            security: [],
            response: { 200: { description: 'The Swagger UI page', content: { 'text/html': { schema: { type: 'string' } } } } },
          },
        };
      }
      return jsonSchemaTransform(input);
    },
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(fastifySwaggerUi, { routePrefix: '/docs', logLevel: 'warn' });

  app.get(
    '/openapi.json',
    {
      config: { access: 'public' },
      schema: {
        tags: ['service'],
        summary: 'The OpenAPI 3.1 description of this API',
        security: [],
        response: { 200: z.looseObject({ openapi: z.string() }).describe('The OpenAPI document') },
      },
    },
    async () => app.swagger() as unknown as { openapi: string },
  );
}
