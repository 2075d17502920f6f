import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePartnerApi, requireScope } from '../caller.js';
import { berlinTimestamp } from '../clock.js';
import { regularError, validationFailed } from '../http-errors.js';
import type { LexofficeState, StoredSalesVoucher } from '../state.js';
import { idParam, parseRegularBody, queryOf } from '../wire-input.js';
import { isNegative, salesVoucherBody, salesVoucherIssues, salesVoucherJson, salesVoucherTotals, storeSalesVoucher } from './sales-voucher.js';

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? request.url;

export function findSalesVoucher(state: LexofficeState, kind: 'invoice' | 'creditnote', request: FastifyRequest): StoredSalesVoucher {
  const found = state.salesVouchers.get(idParam(request));
  if (!found || found.kind !== kind) throw regularError(404, pathOf(request), 'Resource not found');
  return found;
}

export function actionResultOf(s: StoredSalesVoucher, resource: string) {
  return { id: s.id, resourceUri: `/v1/${resource}/${s.id}`, createdDate: s.createdDate, updatedDate: s.updatedDate, version: s.version };
}

const sendmailBody = z.object({
  recipients: z.array(z.string()),
  subject: z.string().optional(),
  message: z.string().optional(),
  signature: z.string().optional(),
  attachments: z.array(z.object({ id: z.string() })).optional(),
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `/v1/invoices` (notes §6): create (draft, or `finalize=true`), read, and the partner API's sendmail. No PUT. */
export async function invoiceRoutes(app: FastifyInstance, opts: { state: LexofficeState }): Promise<void> {
  const { state } = opts;

  app.post('/invoices', async (request, reply) => {
    requireScope(request, 'invoices.write');
    const q = queryOf(request);
    if (q.precedingSalesVoucherId !== undefined) {
      // Pursuing from quotations and the like is not part of this sandbox.
      throw validationFailed(pathOf(request), [{ violation: 'INVALID', field: 'precedingSalesVoucherId', message: 'nicht unterstützt' }]);
    }
    const body = parseRegularBody(request, salesVoucherBody);
    const details = salesVoucherIssues(state, body, 'invoice');
    if (details.length > 0) throw validationFailed(pathOf(request), details);
    const { totals } = salesVoucherTotals(body);
    // "Der Gesamtbetrag einer Rechnung darf nicht negativ sein" (invoice cookbook). UNCERTAIN: the violation name.
    if (isNegative(totals.totalGross)) {
      throw validationFailed(pathOf(request), [{ violation: 'INVALID', field: 'totalPrice', message: 'Der Gesamtbetrag darf nicht negativ sein' }]);
    }
    // Exactly `finalize=true`; anything else (`finalized`) silently leaves a draft, as in lexoffice (notes §6).
    const invoice = storeSalesVoucher(state, body, 'invoice', q.finalize === 'true', undefined);
    state.salesVouchers.set(invoice.id, invoice);
    // UNCERTAIN: 200 or 201 (the connector accepts both); Location since 16.09.2024.
    return reply.code(200).header('location', `/v1/invoices/${invoice.id}`).send(actionResultOf(invoice, 'invoices'));
  });

  app.get('/invoices/:id', async (request) => {
    requireScope(request, 'invoices.read');
    return salesVoucherJson(state, findSalesVoucher(state, 'invoice', request));
  });

  app.post('/invoices/:id/sendmail', async (request, reply) => {
    requirePartnerApi(request);
    requireScope(request, 'vouchers.sendmail');
    const invoice = findSalesVoucher(state, 'invoice', request);
    const body = parseRegularBody(request, sendmailBody);
    if (invoice.voucherStatus === 'draft') {
      throw validationFailed(pathOf(request), [{ violation: 'INVALID', field: 'voucherStatus', message: 'ein Entwurf kann nicht versendet werden' }]);
    }
    if (body.recipients.length === 0) throw validationFailed(pathOf(request), [{ violation: 'NOTEMPTY', field: 'recipients', message: 'darf nicht leer sein' }]);
    const bad = body.recipients.findIndex((r) => !EMAIL.test(r));
    if (bad >= 0) throw validationFailed(pathOf(request), [{ violation: 'INVALID', field: `recipients[${bad}]`, message: 'keine gültige E-Mail-Adresse' }]);
    invoice.mails.push({ recipients: body.recipients, at: berlinTimestamp(new Date()) });
    return reply.code(202).send();
  });
}
