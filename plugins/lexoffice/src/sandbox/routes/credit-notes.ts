import { Dec } from '@accounting-hub/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireScope } from '../caller.js';
import { validationFailed } from '../http-errors.js';
import type { LexofficeState } from '../state.js';
import { parseRegularBody, queryOf } from '../wire-input.js';
import { actionResultOf, findSalesVoucher } from './invoices.js';
import { isNegative, salesVoucherBody, salesVoucherIssues, salesVoucherJson, salesVoucherTotals, storeSalesVoucher } from './sales-voucher.js';

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? request.url;

/**
 * `/v1/credit-notes` (notes §7): standalone or pursued from an invoice with `precedingSalesVoucherId`. At most
 * one credit note per invoice; a draft invoice cannot be pursued; a finalized linked credit note is `paidoff` at
 * once and settles the invoice.
 */
export async function creditNoteRoutes(app: FastifyInstance, opts: { state: LexofficeState }): Promise<void> {
  const { state } = opts;

  app.post('/credit-notes', async (request, reply) => {
    requireScope(request, 'credit-notes.write');
    const q = queryOf(request);
    const path = pathOf(request);
    const precedingId = q.precedingSalesVoucherId;
    const invoice = precedingId ? state.salesVouchers.get(precedingId) : undefined;
    if (precedingId) {
      if (invoice?.kind !== 'invoice') {
        throw validationFailed(path, [{ violation: 'INVALID', field: 'precedingSalesVoucherId', message: 'Beleg nicht gefunden' }]);
      }
      if (invoice.voucherStatus === 'draft' || invoice.voucherStatus === 'voided') {
        throw validationFailed(path, [{ violation: 'INVALID', field: 'precedingSalesVoucherId', message: `Folgebeleg aus Status ${invoice.voucherStatus} nicht möglich` }]);
      }
      if (invoice.relatedVouchers.some((r) => r.voucherType === 'creditnote')) {
        throw validationFailed(path, [{ violation: 'INVALID', field: 'precedingSalesVoucherId', message: 'zu dieser Rechnung existiert bereits eine Rechnungskorrektur' }]);
      }
    }
    const body = parseRegularBody(request, salesVoucherBody);
    const details = salesVoucherIssues(state, body, 'creditnote');
    if (details.length > 0) throw validationFailed(path, details);
    const { totals } = salesVoucherTotals(body);
    if (isNegative(totals.totalGross)) {
      throw validationFailed(path, [{ violation: 'INVALID', field: 'totalPrice', message: 'Der Gesamtbetrag darf nicht negativ sein' }]);
    }
    const finalize = q.finalize === 'true';
    const note = storeSalesVoucher(state, body, 'creditnote', finalize, invoice?.id);
    if (invoice) {
      note.relatedVouchers.push({ id: invoice.id, voucherNumber: invoice.voucherNumber, voucherType: 'invoice' });
      invoice.relatedVouchers.push({ id: note.id, voucherNumber: note.voucherNumber, voucherType: 'creditnote' });
      if (finalize) {
        note.voucherStatus = 'paidoff';
        // UNCERTAIN: lexoffice's invoice status after a full credit; "settled" reads as paid.
        if (!new Dec(note.totals.gross).lessThan(invoice.totals.gross)) invoice.voucherStatus = 'paid';
        invoice.version += 1;
      }
    }
    state.salesVouchers.set(note.id, note);
    return reply.code(200).header('location', `/v1/credit-notes/${note.id}`).send(actionResultOf(note, 'credit-notes'));
  });

  app.get('/credit-notes/:id', async (request) => {
    requireScope(request, 'credit-notes.read');
    return salesVoucherJson(state, findSalesVoucher(state, 'creditnote', request));
  });
}
