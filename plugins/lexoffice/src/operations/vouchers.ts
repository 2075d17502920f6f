import {
  type AttachDocumentInput,
  type AttachResult,
  type BookResult,
  type BookVoucherInput,
  type CreditInput,
  documentBytes,
  unsupportedError,
  validationError,
} from '@accounting-hub/core';
import { type LexContext, api, jsonBody } from '../api/request.js';
import { actionResult, fileUploadResult, voucherWrite } from '../api/wire.js';
import { voucherPayload, voucherShippingDate } from '../mapping/voucher.js';
import { categoryIdsOf } from './categories-state.js';

/** lexoffice takes files of at most 5 MB (notes §8.3). */
export const MAX_VOUCHER_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Voucher mode: a `salesinvoice` voucher carrying the tenant's number, items grouped by tax rate and posting
 * category. The tenant's PDF follows through attachDocument (lexoffice uploads files separately), so the
 * result says `fileAttached: false`.
 */
export async function bookVoucher(ctx: LexContext, input: BookVoucherInput): Promise<BookResult> {
  const { invoice, customer, totals, items, reference } = input;
  const subject = `invoice ${invoice.number}`;
  const payload = voucherPayload({
    type: 'salesinvoice',
    number: invoice.number,
    date: invoice.date,
    dueDate: invoice.dueDate,
    shippingDate: voucherShippingDate(invoice),
    invoice,
    totals,
    items,
    contactId: customer.id,
    categoryIds: categoryIdsOf(ctx),
    tenantRemark: invoice.remark,
    label: `Rechnung ${invoice.number}`,
    reference,
  });
  const created = await api(
    ctx,
    { operation: 'bookVoucher', method: 'POST', path: '/v1/vouchers', body: jsonBody(voucherWrite, payload, subject), subject },
    actionResult,
  );
  return {
    document: { kind: 'voucher', id: created.id, number: invoice.number, status: 'open', ...(created.version === undefined ? {} : { version: created.version }) },
    fileAttached: false,
  };
}

/**
 * Voucher-mode cancellation: a `salescreditnote` voucher (Einnahmenminderung) with the cancellation's number and
 * date, the original's items with positive amounts and the same posting categories (as in SEMCO's call log),
 * due on its date. The cancellation document follows through attachDocument like the invoice's PDF: attaching
 * inside this call would turn a failed upload into a second credit voucher on the hub's retry.
 */
export async function creditVoucher(ctx: LexContext, input: CreditInput): Promise<BookResult> {
  const { original, cancellation, customer, reference } = input;
  const subject = `cancellation ${cancellation.number}`;
  const payload = voucherPayload({
    type: 'salescreditnote',
    number: cancellation.number,
    date: cancellation.date,
    dueDate: cancellation.date,
    shippingDate: voucherShippingDate(original.invoice),
    invoice: original.invoice,
    totals: original.totals,
    items: original.items,
    contactId: customer.id,
    categoryIds: categoryIdsOf(ctx),
    tenantRemark: cancellation.reason,
    label: `Storno ${cancellation.number} zu ${original.invoice.number}`,
    reference,
  });
  const created = await api(
    ctx,
    { operation: 'credit', method: 'POST', path: '/v1/vouchers', body: jsonBody(voucherWrite, payload, subject), subject },
    actionResult,
  );
  return {
    document: { kind: 'voucher', id: created.id, number: cancellation.number, status: 'open', ...(created.version === undefined ? {} : { version: created.version }) },
    fileAttached: false,
  };
}

/**
 * `POST /v1/vouchers/{id}/files`, one multipart part named `file` (202). lexoffice recognises a file it already
 * has by checksum and answers the existing id (notes §8.3), so repeating an upload is harmless.
 */
export async function attachDocument(ctx: LexContext, input: AttachDocumentInput): Promise<AttachResult> {
  const { document, file } = input;
  if (document.kind !== 'voucher') {
    throw unsupportedError(`lexoffice attaches files to bookkeeping vouchers only; it makes the PDF of ${document.kind === 'invoice' ? 'an invoice' : 'a credit note'} itself.`);
  }
  const bytes = documentBytes(file);
  if (bytes.length > MAX_VOUCHER_FILE_BYTES) {
    throw validationError(`The file ${file.filename} has ${bytes.length} bytes; lexoffice takes at most 5 MB per file.`, { field: 'document' });
  }
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: file.contentType }), file.filename);
  form.append('type', 'voucher');
  const subject = `the file ${file.filename} of voucher ${document.number ?? document.id}`;
  const uploaded = await api(
    ctx,
    {
      operation: 'attachDocument',
      method: 'POST',
      path: `/v1/vouchers/${encodeURIComponent(document.id)}/files`,
      body: { kind: 'form', value: form },
      subject,
      idempotent: true,
    },
    fileUploadResult,
  );
  return { fileId: uploaded.id };
}
