import { type BookInvoiceInput, type BookResult, type Invoice, validationError } from '@accounting-hub/core';
import { z } from 'zod';
import { sendByPayload, sendViaEmailPayload } from '../api/payloads.js';
import { sevdesk } from '../api/request.js';
import { type InvoiceResponse, invoice, savedInvoice, single } from '../api/responses.js';
import { type SevdeskContext, readState } from '../state.js';
import { invoiceFields, saveInvoiceBody } from './invoice-payload.js';
import { invoiceDocument, invoicesByReference, sameAmount } from './lookups.js';

const OP = 'bookInvoice';

function recipientOf(inv: Invoice): string {
  const email = inv.customer.email ?? inv.customer.contactPerson?.email;
  if (email) return email;
  throw validationError(`The invoice ${inv.number} is to be sent by e-mail, but its customer has no e-mail address (customer.email).`, {
    field: 'customer.email',
  });
}

function mailText(ctx: SevdeskContext): { subject: string; text: string } {
  return {
    subject: `Ihre Rechnung von ${ctx.tenant.name}`,
    text: `Guten Tag,<br><br>anbei erhalten Sie Ihre Rechnung.<br><br>Mit freundlichen Grüßen<br>${ctx.tenant.name}`,
  };
}

/**
 * Invoice mode: `saveInvoice` creates the draft; "finalized" marks it sent as PDF (`sendBy` VPDF), which makes
 * sevdesk assign the number; "finalized and sent" has sevdesk e-mail it. The number is read back and returned.
 * A draft the hub's reference already names is taken up rather than created again, so that a retry after a failed
 * send finishes the same invoice instead of booking a second one.
 */
export async function bookInvoice(ctx: SevdeskContext, input: BookInvoiceInput): Promise<BookResult> {
  const state = readState(ctx);
  const inv = input.invoice;
  const subject = `the invoice ${inv.number}`;
  const toEmail = input.status === 'finalized_and_sent' ? recipientOf(inv) : undefined;
  const body = saveInvoiceBody(inv, input.customer, state, input.reference);

  let current: InvoiceResponse | undefined = (await invoicesByReference(ctx, OP, input.reference, input.customer.id))[0];
  if (!current) {
    const saved = await sevdesk(
      ctx,
      { operation: OP, method: 'POST', path: '/Invoice/Factory/saveInvoice', json: body, subject, fields: invoiceFields },
      savedInvoice,
    );
    current = saved.invoice;
  }
  if (input.status !== 'draft' && current.status === 100) {
    if (toEmail) {
      await sevdesk(
        ctx,
        { operation: OP, method: 'POST', path: `/Invoice/${current.id}/sendViaEmail`, json: sendViaEmailPayload.parse({ toEmail, ...mailText(ctx), copy: false }), subject },
        z.unknown(),
      );
    } else {
      await sevdesk(
        ctx,
        { operation: OP, method: 'PUT', path: `/Invoice/${current.id}/sendBy`, json: sendByPayload.parse({ sendType: 'VPDF', sendDraft: false }), subject },
        z.unknown(),
      );
    }
    // The number sevdesk assigned on sending (notes §4.1: read it back rather than predicting it).
    current = await sevdesk(ctx, { operation: OP, method: 'GET', path: `/Invoice/${current.id}`, subject }, single(invoice));
  }
  if (!sameAmount(current.sumGross, input.totals.totalGross)) {
    // sevdesk recalculates sums from the positions (notes pitfall 16): tell, but the invoice exists either way.
    ctx.logger.warn({ invoice: inv.number, sevdesk: current.sumGross, hub: input.totals.totalGross }, 'sevdesk computed another gross total');
  }
  return { document: invoiceDocument(current), fileAttached: false };
}
