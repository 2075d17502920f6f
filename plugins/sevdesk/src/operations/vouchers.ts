import {
  type AttachDocumentInput,
  type AttachResult,
  type BookResult,
  type BookVoucherInput,
  type DocumentFile,
  type RemoteCustomer,
  documentBytes,
  toJsonNumber,
  unsupportedError,
} from '@accounting-hub/core';
import { z } from 'zod';
import type { FieldMap } from '../api/errors.js';
import { berlinDateTime } from '../api/dates.js';
import { saveVoucherPayload } from '../api/payloads.js';
import { sevdesk } from '../api/request.js';
import { savedVoucher, single, tempFile, voucher, voucherPos } from '../api/responses.js';
import { type SevdeskContext, type SevdeskState, readState } from '../state.js';
import { sameAmount, voucherDocument, vouchersByNumber } from './lookups.js';
import { type VoucherDraft, ratePositions, saveVoucherBody, voucherFields } from './voucher-payload.js';

/** `POST /Voucher/Factory/uploadTempFile`: multipart, part `file`; the answer's `filename` goes into saveVoucher. */
export async function uploadTempFile(ctx: SevdeskContext, op: string, file: DocumentFile, fields: FieldMap): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([documentBytes(file)], { type: file.contentType }), file.filename);
  const uploaded = await sevdesk(
    ctx,
    { operation: op, method: 'POST', path: '/Voucher/Factory/uploadTempFile', form, subject: `the file ${file.filename}`, fields },
    tempFile,
  );
  return uploaded.filename;
}

/**
 * Books a revenue voucher unless one with the same Belegnummer and amount is there already (a retry after an
 * uncertain outcome, or a back-fill of an invoice booked before): sevdesk has no idempotency keys (notes §9.11).
 */
export async function saveRevenueVoucher(
  ctx: SevdeskContext,
  state: SevdeskState,
  op: string,
  draft: Omit<VoucherDraft, 'filename'>,
  totalGross: string,
  customer: RemoteCustomer,
  file: DocumentFile | undefined,
  fields: FieldMap,
): Promise<BookResult> {
  const sign = draft.positions[0]?.gross.startsWith('-') ? -1 : 1;
  const existing = (await vouchersByNumber(ctx, op, draft.number, customer.id)).find(
    (v) => sameAmount(v.sumGross, totalGross) && (v.sumGross.startsWith('-') ? -1 : 1) === sign,
  );
  if (existing) return { document: voucherDocument(existing), fileAttached: file !== undefined };
  // Checked before the upload: a voucher sevdesk cannot take should not leave a temp file behind.
  const check = saveVoucherBody({ ...draft, filename: undefined }, customer, state);
  const filename = file ? await uploadTempFile(ctx, op, file, fields) : undefined;
  const body = filename ? { ...check, filename } : check;
  const saved = await sevdesk(
    ctx,
    { operation: op, method: 'POST', path: '/Voucher/Factory/saveVoucher', json: body, subject: `the voucher ${draft.number}`, fields },
    savedVoucher,
  );
  if (!sameAmount(saved.voucher.sumGross, totalGross)) {
    ctx.logger.warn({ voucher: draft.number, sevdesk: saved.voucher.sumGross, hub: totalGross }, 'sevdesk computed another gross total');
  }
  return { document: voucherDocument(saved.voucher), fileAttached: filename !== undefined };
}

/**
 * Voucher mode: the tenant's invoice as a revenue voucher (Einnahme) with one position per tax rate, on the
 * revenue account resolved from the account's receipt guidance, with the tenant's PDF attached in the same call.
 */
export async function bookVoucher(ctx: SevdeskContext, input: BookVoucherInput): Promise<BookResult> {
  const state = readState(ctx);
  const inv = input.invoice;
  return saveRevenueVoucher(
    ctx,
    state,
    'bookVoucher',
    {
      number: inv.number,
      date: inv.date,
      serviceStart: inv.servicePeriod?.start ?? inv.serviceDate ?? inv.date,
      serviceEnd: inv.servicePeriod?.end,
      dueDate: inv.dueDate,
      situation: inv.taxSituation,
      taxMode: inv.taxMode,
      positions: ratePositions(input.items, 1),
      comment: `Rechnung ${inv.number}`,
    },
    input.totals.totalGross,
    input.customer,
    input.file,
    voucherFields,
  );
}

/**
 * Attaches a file to a voucher booked without one. sevdesk takes files only in saveVoucher, and saves only
 * drafts (90400 otherwise), so: back to draft, upload, save again with every position and its id (a save without
 * the ids appends positions, notes §6.2), which also returns it to open. Vouchers booked by bookVoucher carry their
 * file already; this serves files that arrive later. A voucher that has a file already is left as it is.
 */
export async function attachDocument(ctx: SevdeskContext, input: AttachDocumentInput): Promise<AttachResult> {
  const op = 'attachDocument';
  if (input.document.kind !== 'voucher') {
    throw unsupportedError('sevdesk attaches files to vouchers only; invoices and credit notes carry the PDF sevdesk renders itself.');
  }
  const id = input.document.id;
  const subject = `the voucher ${input.document.number ?? id}`;
  const current = await sevdesk(ctx, { operation: op, method: 'GET', path: `/Voucher/${id}`, subject }, single(voucher));
  // A voucher that carries a file already keeps it: the hub asks after findBooked found a voucher whose saveVoucher
  // answer was lost, and that save held the file. Attaching again would put the PDF on it twice.
  if (current.document) return { fileId: current.document.id };
  const positions = (
    await sevdesk(
      ctx,
      { operation: op, method: 'GET', path: '/VoucherPos', query: { 'voucher[id]': id, 'voucher[objectName]': 'Voucher' }, subject },
      z.array(voucherPos.extend({ voucher: z.looseObject({ id: z.coerce.string() }).optional() })),
    )
  ).filter((p) => !p.voucher || p.voucher.id === id);
  if (current.status !== 50) {
    await sevdesk(ctx, { operation: op, method: 'PUT', path: `/Voucher/${id}/resetToDraft`, subject }, z.unknown());
  }
  const filename = await uploadTempFile(ctx, op, input.file, voucherFields);
  const date = (iso: string | undefined) => (iso ? berlinDateTime(iso.slice(0, 10)) : null);
  const body = saveVoucherPayload.parse({
    voucher: {
      objectName: 'Voucher',
      mapAll: true,
      id: Number(id),
      voucherDate: date(current.voucherDate),
      deliveryDate: date(current.deliveryDate) ?? date(current.voucherDate),
      deliveryDateUntil: date(current.deliveryDateUntil),
      paymentDeadline: date(current.paymentDeadline),
      supplier: { id: Number(current.supplier?.id), objectName: 'Contact' },
      description: current.description ?? input.document.number ?? '',
      status: 100,
      creditDebit: 'D',
      voucherType: 'VOU',
      ...(current.taxRule ? { taxRule: { id: Number(current.taxRule.id), objectName: 'TaxRule' } } : { taxType: current.taxType ?? 'default' }),
      currency: 'EUR',
    },
    voucherPosSave: positions.map((p) => ({
      objectName: 'VoucherPos',
      mapAll: true,
      id: Number(p.id),
      ...(p.accountDatev ? { accountDatev: { id: Number(p.accountDatev.id), objectName: 'AccountDatev' } } : {}),
      ...(p.accountingType ? { accountingType: { id: Number(p.accountingType.id), objectName: 'AccountingType' } } : {}),
      taxRate: toJsonNumber(p.taxRate),
      net: p.net,
      sumNet: toJsonNumber(p.sumNet),
      sumGross: toJsonNumber(p.sumGross),
      comment: p.comment ?? null,
    })),
    voucherPosDelete: null,
    filename,
  });
  await sevdesk(ctx, { operation: op, method: 'POST', path: '/Voucher/Factory/saveVoucher', json: body, subject, fields: voucherFields }, savedVoucher);
  return { fileId: filename };
}
