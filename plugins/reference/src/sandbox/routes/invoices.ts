import { type VatRate, computeTotals } from '@accounting-hub/core';
import type { FastifyInstance } from 'fastify';
import { ApiError, parseWire } from '../api-error.js';
import type { ReferenceState, StoredDocument } from '../state.js';
import { type InvoiceWire, creditNoteWire, invoiceStatusQuery, invoiceWire } from '../wire.js';

/** The tool computes an invoice's totals itself, with the column method, as lexoffice does. */
function totalsOf(body: InvoiceWire) {
  const totals = computeTotals(
    body.taxMode,
    body.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      taxRate: l.taxRate as VatRate,
      discountPercent: l.discountPercent,
    })),
  );
  if (totals.totalGross.startsWith('-')) {
    throw new ApiError(422, 'total_negative', `The total must not be negative (${totals.totalGross})`, 'lines');
  }
  return totals;
}

function checkInvoice(state: ReferenceState, body: InvoiceWire): void {
  if (!state.customers.has(body.customerId)) throw new ApiError(422, 'customer_not_found', `No customer ${body.customerId}`, 'customerId');
  if (body.taxSituation !== 'standard') {
    const i = body.lines.findIndex((l) => l.taxRate !== 0);
    if (i >= 0) throw new ApiError(422, 'tax_rate_not_allowed', `${body.taxSituation} charges no VAT`, `lines.${i}.taxRate`);
  }
}

function documentFrom(
  state: ReferenceState,
  kind: 'invoice' | 'credit_note',
  status: 'draft' | 'finalized' | 'sent',
  body: InvoiceWire,
  precedingId: string | null,
): StoredDocument {
  const totals = totalsOf(body);
  return {
    kind,
    id: state.nextId(kind === 'invoice' ? 'inv' : 'crn'),
    // The tool assigns its number when the document leaves draft.
    number: status === 'draft' ? null : state.nextDocumentNumber(kind),
    externalNumber: null,
    status,
    customerId: body.customerId,
    date: body.date,
    totalNet: totals.totalNet,
    totalTax: totals.totalTax,
    totalGross: totals.totalGross,
    items: totals.rates.map((r) => ({ taxRate: r.taxRate, net: r.net, tax: r.tax, gross: r.gross })),
    files: [],
    precedingId,
    reference: body.reference ?? null,
    voucherType: null,
    remark: body.remark ?? null,
  };
}

export function invoiceRoutes(app: FastifyInstance, state: ReferenceState): void {
  app.post('/v1/invoices', async (request, reply) => {
    const { status } = parseWire(invoiceStatusQuery, request.query);
    const body = parseWire(invoiceWire, request.body);
    checkInvoice(state, body);
    const doc = documentFrom(state, 'invoice', status, body, null);
    state.documents.set(doc.id, doc);
    return reply.code(201).send(doc);
  });

  app.post('/v1/credit-notes', async (request, reply) => {
    const { status } = parseWire(invoiceStatusQuery, request.query);
    const { precedingId, ...body } = parseWire(creditNoteWire, request.body);
    const preceding = state.documents.get(precedingId);
    if (preceding?.kind !== 'invoice') {
      throw new ApiError(422, 'preceding_not_found', `No invoice ${precedingId} to credit`, 'precedingId');
    }
    if (preceding.status === 'draft') {
      throw new ApiError(422, 'preceding_not_final', 'A draft invoice is deleted, not credited', 'precedingId');
    }
    checkInvoice(state, body);
    const doc = documentFrom(state, 'credit_note', status, body, precedingId);
    state.documents.set(doc.id, doc);
    return reply.code(201).send(doc);
  });
}
