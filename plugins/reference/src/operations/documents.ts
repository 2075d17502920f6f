import {
  type AttachDocumentInput,
  type AttachResult,
  type BookInvoiceInput,
  type BookResult,
  type BookVoucherInput,
  type CreditInput,
  documentBytes,
  unsupportedError,
} from '@accounting-hub/core';
import { TOOL, creditNoteFields, fileFields, invoiceFields, voucherCreditFields, voucherFields } from '../api/errors.js';
import { type ReferenceContext, api } from '../api/request.js';
import { documentResponse, fileResponse } from '../api/responses.js';
import {
  creditNotePayload,
  invoicePayload,
  invoiceStatusQuery,
  remoteDocument,
  voucherCreditPayload,
  voucherPayload,
} from '../payloads.js';

export async function bookInvoice(ctx: ReferenceContext, input: BookInvoiceInput): Promise<BookResult> {
  const doc = await api(
    ctx,
    {
      operation: 'bookInvoice',
      method: 'POST',
      path: '/v1/invoices',
      query: { status: invoiceStatusQuery[input.status] },
      body: { kind: 'json', value: invoicePayload(input) },
      fields: invoiceFields,
      subject: `invoice ${input.invoice.number}`,
    },
    documentResponse,
  );
  // Invoices are the tool's own documents: it renders the PDF, there is nothing to attach.
  return { document: remoteDocument(doc), fileAttached: true };
}

/** Creates the voucher; the file follows through attachDocument, as with lexoffice (one upload endpoint per voucher). */
export async function bookVoucher(ctx: ReferenceContext, input: BookVoucherInput): Promise<BookResult> {
  const doc = await api(
    ctx,
    {
      operation: 'bookVoucher',
      method: 'POST',
      path: '/v1/vouchers',
      body: { kind: 'json', value: voucherPayload(input) },
      fields: voucherFields,
      subject: `voucher ${input.invoice.number}`,
    },
    documentResponse,
  );
  return { document: remoteDocument(doc), fileAttached: false };
}

export async function attachDocument(ctx: ReferenceContext, input: AttachDocumentInput): Promise<AttachResult> {
  if (input.document.kind !== 'voucher') throw unsupportedError(`${TOOL} attaches files to vouchers only`);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(documentBytes(input.file))], { type: input.file.contentType }), input.file.filename);
  const file = await api(
    ctx,
    {
      operation: 'attachDocument',
      method: 'POST',
      path: `/v1/vouchers/${encodeURIComponent(input.document.id)}/files`,
      body: { kind: 'form', value: form },
      fields: fileFields,
      subject: `the file ${input.file.filename}`,
    },
    fileResponse,
  );
  return { fileId: file.id };
}

/**
 * Invoice mode: a finalized credit note linked to the invoice. Voucher mode: an income-reduction voucher with
 * the original's items; the cancellation document follows through attachDocument.
 */
export async function credit(ctx: ReferenceContext, input: CreditInput): Promise<BookResult> {
  const subject = `the cancellation ${input.cancellation.number} of ${input.original.invoice.number}`;
  if (input.mode === 'invoice') {
    const doc = await api(
      ctx,
      {
        operation: 'credit',
        method: 'POST',
        path: '/v1/credit-notes',
        query: { status: 'finalized' },
        body: { kind: 'json', value: creditNotePayload(input) },
        fields: creditNoteFields,
        subject,
      },
      documentResponse,
    );
    return { document: remoteDocument(doc), fileAttached: true };
  }
  const doc = await api(
    ctx,
    {
      operation: 'credit',
      method: 'POST',
      path: '/v1/vouchers',
      body: { kind: 'json', value: voucherCreditPayload(input) },
      fields: voucherCreditFields,
      subject,
    },
    documentResponse,
  );
  return { document: remoteDocument(doc), fileAttached: false };
}
