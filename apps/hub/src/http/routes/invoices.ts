import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readScope, tenantOf } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { errorResponses, idParams, tenantIdFilter } from '../schemas/common.js';
import {
  cancelAccepted,
  cancelBody,
  intakeHeaders,
  invoiceAccepted,
  invoiceIntakeBody,
  invoiceList,
  invoiceListQuery,
  invoiceView,
} from '../schemas/invoices.js';
import { z } from 'zod';

/** Room for a 10 MiB document in base64 (~14 MB) plus up to 500 lines. */
export const DOCUMENT_BODY_LIMIT = 24 * 1024 * 1024;

export const invoiceRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post(
    '/v1/invoices',
    {
      config: { access: 'tenant' },
      bodyLimit: DOCUMENT_BODY_LIMIT,
      schema: {
        tags: ['invoices'],
        summary: 'Hand in an invoice for booking',
        description: `Stores the invoice, its document and (inline) customer, and queues the booking in the same transaction when the tenant has a connector and autoSync is on. Otherwise the invoice stays \`pending\` until \`POST /v1/invoices/{id}/sync\` or \`POST /v1/sync/backfill\` queues it.

The number is unique per tenant: the same number with the same body answers 200 with the stored invoice, with another body 409 \`duplicate_number\`. An \`Idempotency-Key\` header gives the same guarantee (another body: 409 \`idempotency_key_reused\`). \`customerRef\` must name a stored customer (else 422 \`unknown_customer\`).`,
        headers: intakeHeaders,
        body: invoiceIntakeBody,
        response: {
          202: invoiceAccepted,
          200: invoiceView.describe('A repeat of an earlier request: the stored invoice'),
          ...errorResponses(400, 401, 403, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const result = await deps.intake.submit(tenant, request.body, request.headers['idempotency-key']);
      if (result.created) return reply.code(202).send({ id: result.id, status: 'pending' as const });
      return reply.code(200).send(await deps.invoices.get(result.id, tenant.id));
    },
  );

  app.get(
    '/v1/invoices/:id',
    {
      config: { access: 'any' },
      schema: {
        tags: ['invoices'],
        summary: 'An invoice and how far its booking (and cancellation) got',
        description: 'A tenant sees its own invoices only (404 otherwise); the admin any tenant\'s.',
        params: idParams,
        querystring: z.strictObject({ tenantId: tenantIdFilter }),
        response: { 200: invoiceView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.invoices.get(request.params.id, readScope(request, request.query.tenantId)),
  );

  app.get(
    '/v1/invoices',
    {
      config: { access: 'any' },
      schema: {
        tags: ['invoices'],
        summary: 'List invoices, newest first',
        description: 'Filters: `status`, `from`/`to` (invoice date, inclusive), `number`; admin: every tenant or `tenantId`.',
        querystring: invoiceListQuery,
        response: { 200: invoiceList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { tenantId, ...filter } = request.query;
      return deps.invoices.list({ ...filter, tenantId: readScope(request, tenantId) });
    },
  );

  app.post(
    '/v1/invoices/:id/cancel',
    {
      config: { access: 'tenant' },
      bodyLimit: DOCUMENT_BODY_LIMIT,
      schema: {
        tags: ['invoices'],
        summary: 'Cancel a booked invoice (credit note or income-reduction voucher)',
        description:
          'Invoice mode: a credit note linked to the original. Voucher mode: an income-reduction voucher with the cancellation document. Only a booked invoice (409 `not_booked`), once (409 `already_cancelled`).',
        params: idParams,
        body: cancelBody,
        response: { 202: cancelAccepted, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const record = await deps.cancellations.cancel(tenantOf(request), request.params.id, request.body);
      return reply.code(202).send({ id: request.params.id, cancellation: { number: record.request.number, status: 'pending' as const } });
    },
  );
};
