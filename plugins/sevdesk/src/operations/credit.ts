import { type BookResult, type CreditInput, conflictError } from '@accounting-hub/core';
import { z } from 'zod';
import { CODES } from '../api/errors.js';
import { createFromInvoicePayload, creditNoteUpdatePayload, sendByPayload } from '../api/payloads.js';
import { sevdesk, sevdeskOrRefusal } from '../api/request.js';
import { type InvoiceResponse, createdCreditNote, creditNote, invoice, sevSequence, single } from '../api/responses.js';
import { type SevdeskContext, readState } from '../state.js';
import { creditNoteDocument, creditNotesByReference, invoiceDocument, invoicesOfCustomer } from './lookups.js';
import { ratePositions, voucherCreditFields } from './voucher-payload.js';
import { saveRevenueVoucher } from './vouchers.js';

const OP = 'credit';

/** The cancellation invoice (SR) sevdesk made for `original`, if there is one. */
async function cancellationOf(ctx: SevdeskContext, original: InvoiceResponse): Promise<InvoiceResponse | undefined> {
  const customerId = original.contact?.id;
  if (!customerId) return undefined;
  return (await invoicesOfCustomer(ctx, OP, customerId)).find((i) => i.invoiceType === 'SR' && i.origin?.id === original.id);
}

/**
 * Statuses sevdesk refuses to cancel, so the connector does not ask (sevdesk asks to keep failing requests rare):
 * drafts (only deleted there; UNCERTAIN, no source shows the answer), partially paid (code 390 in an HTTP 200,
 * measured: "book a credit invoice manually") and paid invoices (UNCERTAIN, assumed like partially paid).
 */
const NOT_CANCELLABLE: ReadonlySet<number> = new Set([100, 750, 1000]);

/**
 * A credit note from the invoice (`createFromInvoice`, a draft with the invoice's positions), marked with the hub's
 * reference and the tenant's cancellation number in its header, and finalized like the original: a draft
 * original gets a draft credit note. sevdesk needs the credit note's number before sending (measured, notes §5):
 * taken from its own CN sequence.
 */
async function creditNoteFromInvoice(ctx: SevdeskContext, input: CreditInput, original: InvoiceResponse): Promise<BookResult> {
  const existing = (await creditNotesByReference(ctx, OP, input.reference, input.customer.id))[0];
  if (existing) return { document: creditNoteDocument(existing), fileAttached: false };
  const subject = `the credit note for invoice ${original.invoiceNumber ?? original.id}`;
  const created = await sevdesk(
    ctx,
    {
      operation: OP,
      method: 'POST',
      path: '/CreditNote/Factory/createFromInvoice',
      json: createFromInvoicePayload.parse({ invoice: { id: Number(original.id), objectName: 'Invoice' } }),
      subject,
    },
    createdCreditNote,
  );
  const id = created.creditNote.id;
  const finalize = original.status !== 100;
  let creditNoteNumber: string | undefined;
  if (finalize) {
    const seq = await sevdesk(
      ctx,
      { operation: OP, method: 'GET', path: '/SevSequence/Factory/getByType', query: { objectType: 'CreditNote', type: 'CN' }, subject },
      sevSequence,
    );
    creditNoteNumber = seq.format.replace('%NUMBER', seq.nextSequence);
  }
  const update = creditNoteUpdatePayload.parse({
    customerInternalNote: input.reference,
    header: `Gutschrift ${input.cancellation.number} zu Rechnung ${original.invoiceNumber ?? input.original.invoice.number}`,
    ...(creditNoteNumber ? { creditNoteNumber } : {}),
  });
  await sevdesk(ctx, { operation: OP, method: 'PUT', path: `/CreditNote/${id}`, json: update, subject }, z.unknown());
  if (finalize) {
    await sevdesk(ctx, { operation: OP, method: 'PUT', path: `/CreditNote/${id}/sendBy`, json: sendByPayload.parse({ sendType: 'VPDF', sendDraft: false }), subject }, z.unknown());
  }
  const current = await sevdesk(ctx, { operation: OP, method: 'GET', path: `/CreditNote/${id}`, subject }, single(creditNote));
  return { document: creditNoteDocument(current), fileAttached: false };
}

/**
 * Invoice mode: sevdesk's own cancellation (`cancelInvoice` makes a cancellation invoice "SR" that reverses the
 * original, numbered and settled by sevdesk). Where sevdesk refuses it (a draft, a paid invoice), a credit note
 * from the invoice. An invoice already cancelled (code 421, e.g. a retry after an uncertain outcome) answers the
 * existing cancellation instead of failing.
 */
async function creditInvoice(ctx: SevdeskContext, input: CreditInput): Promise<BookResult> {
  const subject = `the invoice ${input.original.document.number ?? input.original.invoice.number}`;
  const original = await sevdesk(ctx, { operation: OP, method: 'GET', path: `/Invoice/${input.original.document.id}`, subject }, single(invoice));
  if (NOT_CANCELLABLE.has(original.status)) return creditNoteFromInvoice(ctx, input, original);

  const result = await sevdeskOrRefusal(
    ctx,
    { operation: OP, method: 'POST', path: `/Invoice/${original.id}/cancelInvoice`, subject },
    invoice,
    (refusal) => {
      if (refusal.code === CODES.alreadyCancelled) return 'already_cancelled' as const;
      if (refusal.code === CODES.creditNoteExists) return 'credit_note_exists' as const;
      if (refusal.code === CODES.partiallyPaidCancel) return 'use_credit_note' as const;
      return undefined;
    },
  );
  if (result.ok) return { document: invoiceDocument(result.value), fileAttached: false };
  if (result.value === 'use_credit_note') return creditNoteFromInvoice(ctx, input, original);
  if (result.value === 'already_cancelled') {
    const sr = await cancellationOf(ctx, original);
    if (sr) return { document: invoiceDocument(sr), fileAttached: false };
    throw conflictError(`sevdesk says ${subject} is cancelled already, but its cancellation invoice is not to be found; check it in sevdesk.`);
  }
  const ours = (await creditNotesByReference(ctx, OP, input.reference, input.customer.id))[0];
  if (ours) return { document: creditNoteDocument(ours), fileAttached: false };
  throw conflictError(`sevdesk holds a credit note for ${subject} already (code 170), so it cannot be cancelled; check it in sevdesk.`, {
    providerKey: CODES.creditNoteExists,
  });
}

/**
 * Voucher mode: the matching reduction is a revenue voucher with the original's positions negated (same
 * revenue account, tax rule and rates, so revenue and output VAT fall back by exactly the original's amounts),
 * Belegnummer = the cancellation's number, the cancellation document attached. UNCERTAIN: sevdesk-Update 2.0 may
 * prefer a dedicated "Erlösminderung" account; the receipt guidance of a live account decides (revenueAccountId).
 * Not a credit voucher ("C"): in sevdesk that is an expense.
 */
async function creditVoucher(ctx: SevdeskContext, input: CreditInput): Promise<BookResult> {
  const state = readState(ctx);
  const inv = input.original.invoice;
  const c = input.cancellation;
  return saveRevenueVoucher(
    ctx,
    state,
    OP,
    {
      number: c.number,
      date: c.date,
      serviceStart: inv.servicePeriod?.start ?? inv.serviceDate ?? inv.date,
      serviceEnd: inv.servicePeriod?.end,
      dueDate: undefined,
      situation: inv.taxSituation,
      taxMode: inv.taxMode,
      positions: ratePositions(input.original.items, -1),
      comment: `Storno ${c.number} zu Rechnung ${inv.number}`,
    },
    input.original.totals.totalGross,
    input.customer,
    c.document,
    voucherCreditFields,
  );
}

export async function credit(ctx: SevdeskContext, input: CreditInput): Promise<BookResult> {
  readState(ctx);
  return input.mode === 'invoice' ? creditInvoice(ctx, input) : creditVoucher(ctx, input);
}
