import {
  type BookInvoiceInput,
  type BookResult,
  type CreditInput,
  type Customer,
  type RemoteDocument,
  customerDisplayName,
  unsupportedError,
  validationError,
} from '@accounting-hub/core';
import { z } from 'zod';
import { type LexContext, api, authKindOf, jsonBody } from '../api/request.js';
import { actionResult, creditNoteWrite, invoiceWrite, salesVoucherRead, sendmailWrite } from '../api/wire.js';
import { creditNotePayload, invoicePayload } from '../mapping/invoice.js';
import { afterCreate } from './after-create.js';
import { SENDMAIL_NEEDS_PARTNER_API } from './connection.js';

/** The address lexoffice mails the invoice to: the customer's, else its contact person's. */
function recipientOf(customer: Customer): string | undefined {
  return customer.email ?? customer.contactPerson?.email;
}

function documentOf(kind: 'invoice' | 'credit_note', read: z.infer<typeof salesVoucherRead>): RemoteDocument {
  return {
    kind,
    id: read.id,
    ...(read.voucherNumber ? { number: read.voucherNumber } : {}),
    status: read.voucherStatus,
    ...(read.version === undefined ? {} : { version: read.version }),
  };
}

/**
 * Invoice mode: `POST /v1/invoices` (with `finalize=true` unless the tenant wants drafts), then the invoice read
 * back for the number lexoffice assigned. "Finalized and sent" mails it through the partner API's sendmail,
 * which API-key connections do not have: refused before anything is created.
 */
export async function bookInvoice(ctx: LexContext, input: BookInvoiceInput): Promise<BookResult> {
  const { invoice, customer, status, reference } = input;
  const subject = `invoice ${invoice.number}`;
  let recipient: string | undefined;
  if (status === 'finalized_and_sent') {
    if (authKindOf(ctx) !== 'oauth2') throw unsupportedError(`lexoffice cannot send ${subject} by e-mail: ${SENDMAIL_NEEDS_PARTNER_API}.`);
    recipient = recipientOf(invoice.customer);
    if (!recipient) {
      throw validationError(`Customer ${customerDisplayName(invoice.customer)} has no e-mail address to send ${subject} to.`, {
        field: 'customer.email',
      });
    }
  }
  // A draft cannot be finalized later through the API (notes §14.5): the status is decided here.
  const created = await api(
    ctx,
    {
      operation: 'bookInvoice',
      method: 'POST',
      path: '/v1/invoices',
      query: { finalize: status === 'draft' ? undefined : 'true' },
      body: jsonBody(invoiceWrite, invoicePayload(invoice, customer.id, reference), subject),
      subject,
    },
    actionResult,
  );
  const path = `/v1/invoices/${encodeURIComponent(created.id)}`;
  return afterCreate(subject, created.id, async () => {
    const read = await api(ctx, { operation: 'bookInvoice', method: 'GET', path, subject }, salesVoucherRead);
    if (recipient) {
      await api(
        ctx,
        {
          operation: 'bookInvoice',
          method: 'POST',
          path: `${path}/sendmail`,
          body: jsonBody(sendmailWrite, { recipients: [recipient] }, subject),
          subject,
        },
        z.unknown(),
      );
    }
    return { document: documentOf('invoice', read), fileAttached: false };
  });
}

/**
 * Invoice-mode cancellation: a finalized credit note linked to the invoice (`precedingSalesVoucherId`), which
 * settles the invoice in lexoffice. lexoffice refuses to link a draft (notes §7), so the invoice is read first
 * to tell the tenant what to do instead of failing with a bare 406.
 */
export async function creditInvoice(ctx: LexContext, input: CreditInput): Promise<BookResult> {
  const { original, cancellation, customer, reference } = input;
  const subject = `credit note ${cancellation.number}`;
  const invoicePath = `/v1/invoices/${encodeURIComponent(original.document.id)}`;
  const current = await api(
    ctx,
    { operation: 'credit', method: 'GET', path: invoicePath, subject: `invoice ${original.invoice.number}` },
    salesVoucherRead,
  );
  const shown = current.voucherNumber ?? original.invoice.number;
  if (current.voucherStatus === 'draft') {
    throw validationError(
      `Invoice ${shown} is still a draft in lexoffice, and lexoffice cannot credit a draft: delete the draft in lexoffice, or finalize it there and cancel again.`,
      { providerKey: 'draft' },
    );
  }
  if (current.voucherStatus === 'voided') {
    throw validationError(`Invoice ${shown} is already voided in lexoffice; there is nothing left to credit.`, { providerKey: 'voided' });
  }
  const payload = creditNotePayload(original.invoice, cancellation, customer.id, current.voucherNumber ?? undefined, reference);
  const created = await api(
    ctx,
    {
      operation: 'credit',
      method: 'POST',
      path: '/v1/credit-notes',
      query: { precedingSalesVoucherId: original.document.id, finalize: 'true' },
      body: jsonBody(creditNoteWrite, payload, subject),
      subject,
    },
    actionResult,
  );
  return afterCreate(subject, created.id, async () => {
    const read = await api(
      ctx,
      { operation: 'credit', method: 'GET', path: `/v1/credit-notes/${encodeURIComponent(created.id)}`, subject },
      salesVoucherRead,
    );
    return { document: documentOf('credit_note', read), fileAttached: false };
  });
}
