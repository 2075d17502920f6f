import { nowIso, today } from '../dates.js';
import { SevdeskApiError, notFound } from '../errors.js';
import { type RouteContext, documented, undocumented } from '../openapi/route.js';
import { renderCreditNote, renderCreditNotePositions } from '../render.js';
import type { SdCreditNote } from '../state.js';
import { unprocessable } from '../tax-rules.js';
import { bodyOf, filterId, has, idParam, obj, page, queryOf, refId, text } from './common.js';

/** Credit notes (notes §5): made from an invoice as drafts, numbered by the caller before they are sent. */
export function creditNoteRoutes(rc: RouteContext): void {
  const { state } = rc;

  const creditNoteOf = (id: number): SdCreditNote => {
    const c = state.creditNotes.get(id);
    if (!c) throw notFound('CreditNote', id);
    return c;
  };

  documented(rc, 'POST', '/CreditNote/Factory/createFromInvoice', async (request, reply) => {
    const invoiceId = refId(obj(bodyOf(request).invoice));
    const invoice = invoiceId === null ? undefined : state.invoices.get(invoiceId);
    if (!invoice) throw notFound('Invoice', invoiceId ?? '');
    if (invoice.invoiceType === 'SR' || invoice.cancelled) throw unprocessable('Invoice has already been cancelled', 421);
    // The sum of credit notes may not exceed the invoice (455): one full credit note per invoice.
    if ([...state.creditNotes.values()].some((c) => c.refSrcInvoiceId === invoice.id)) {
      throw unprocessable('The credit notes would exceed the referenced invoice', 455);
    }
    const at = nowIso();
    const note: SdCreditNote = {
      id: state.nextId(),
      creditNoteNumber: null,
      // Created as a draft (Update 2.0: draft-only creation).
      status: 100,
      contactId: invoice.contactId,
      contactPersonId: invoice.contactPersonId,
      creditNoteDate: today(),
      deliveryDate: invoice.deliveryDateUntil ?? invoice.deliveryDate,
      header: `Gutschrift zu Rechnung ${invoice.invoiceNumber ?? invoice.id}`,
      headText: null,
      footText: null,
      refSrcInvoiceId: invoice.id,
      bookingCategory: 'UNDERACHIEVEMENT',
      taxRuleId: invoice.taxRuleId,
      taxType: invoice.taxType,
      taxText: invoice.taxText,
      currency: invoice.currency,
      showNet: invoice.showNet,
      customerInternalNote: null,
      sendType: null,
      enshrined: null,
      positions: invoice.positions.map((p) => ({ ...p, id: state.nextId() })),
      sumNet: invoice.sumNet,
      sumTax: invoice.sumTax,
      sumGross: invoice.sumGross,
      create: at,
      update: at,
    };
    state.creditNotes.set(note.id, note);
    return reply.code(201).send({ objects: { creditNote: renderCreditNote(note), creditNotePos: renderCreditNotePositions(note), discount: [] } });
  });

  documented(rc, 'GET', '/CreditNote', async (request) => {
    const q = queryOf(request);
    const contactId = filterId(q, 'contact');
    const rows = [...state.creditNotes.values()].filter(
      (c) =>
        (q.status === undefined || c.status === Number(q.status)) &&
        (q.creditNoteNumber === undefined || c.creditNoteNumber === q.creditNoteNumber) &&
        (contactId === undefined || c.contactId === contactId) &&
        (q.customerInternalNote === undefined || c.customerInternalNote === q.customerInternalNote),
    );
    return page(rows.map(renderCreditNote), q);
  });

  documented(rc, 'GET', '/CreditNote/{creditNoteId}', async (request) => ({
    objects: [renderCreditNote(creditNoteOf(idParam(request, 'creditNoteId')))],
  }));

  documented(rc, 'PUT', '/CreditNote/{creditNoteId}', async (request) => {
    const c = creditNoteOf(idParam(request, 'creditNoteId'));
    // UNCERTAIN wording; that only drafts change is measured for invoices and vouchers (notes pitfall 13).
    if (c.status !== 100) throw new SevdeskApiError(400, 'Only credit notes in status DRAFT (100) can be changed');
    const body = bodyOf(request);
    for (const f of ['customerInternalNote', 'header', 'headText', 'footText', 'creditNoteNumber'] as const) if (has(body, f)) c[f] = text(body[f]);
    c.update = nowIso();
    return { objects: renderCreditNote(c) };
  });

  documented(rc, 'PUT', '/CreditNote/{creditNoteId}/sendBy', async (request) => {
    const c = creditNoteOf(idParam(request, 'creditNoteId'));
    const body = bodyOf(request);
    if (body.sendDraft === true) return { objects: renderCreditNote(c) };
    // Measured: a credit note needs its number before it is sent (notes §5).
    if (!c.creditNoteNumber) throw new SevdeskApiError(400, 'creditNoteNumber Credit note number is required');
    state.consumeCreditNoteNumber(c.creditNoteNumber);
    if (c.status === 100) c.status = 200;
    c.sendType = String(body.sendType);
    c.enshrined ??= nowIso();
    c.update = c.enshrined;
    return { objects: renderCreditNote(c) };
  });

  undocumented(rc, 'GET', '/SevSequence/Factory/getByType', 'notes §4.1 and §5 (used for invoice and credit note numbers)', async (request) => {
    const q = new URLSearchParams(request.url.split('?')[1] ?? '');
    const kind = q.get('objectType') === 'CreditNote' ? 'CN' : 'RE';
    const seq = state.peekSequence(kind);
    return {
      objects: {
        id: kind === 'CN' ? '9002' : '9001',
        objectName: 'SevSequence',
        format: seq.format,
        nextSequence: String(seq.nextSequence),
        type: kind,
        objectType: kind === 'CN' ? 'CreditNote' : 'Invoice',
      },
    };
  });
}
