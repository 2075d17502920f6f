import { type FindBookedInput, type FindBookedResult, type RemoteDocument, toCents } from '@accounting-hub/core';
import { type LexContext, api, searchString } from '../api/request.js';
import { type VoucherlistItem, salesVoucherRead, voucherRead, voucherlistPage } from '../api/wire.js';
import { remarkHasReference } from '../mapping/remark.js';

const OP = 'findBooked';
/** 250 is the voucherlist's largest page; a day of one customer's documents fits many times over. */
const PAGE_SIZE = 250;
const MAX_PAGES = 8;

async function voucherlist(ctx: LexContext, query: Record<string, string | undefined>, subject: string): Promise<VoucherlistItem[]> {
  const items: VoucherlistItem[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api(
      ctx,
      { operation: OP, method: 'GET', path: '/v1/voucherlist', query: { ...query, page: String(page), size: String(PAGE_SIZE) }, subject },
      voucherlistPage,
    );
    items.push(...answer.content);
    if (answer.last !== false || answer.content.length === 0) break;
  }
  return items;
}

function sameTotal(item: VoucherlistItem, totalGross: string): boolean {
  return item.totalAmount !== null && item.totalAmount !== undefined && toCents(String(item.totalAmount)) === toCents(totalGross);
}

/**
 * Bookkeeping vouchers carry the tenant's number: the voucherlist finds them by it (notes §8.5). Numbers are
 * not unique in lexoffice, so the total (and the contact, when known) must match too; among several, the one
 * whose remark holds our reference wins.
 */
async function findVoucher(ctx: LexContext, input: FindBookedInput): Promise<RemoteDocument | null> {
  const voucherType = input.purpose === 'invoice' ? 'salesinvoice' : 'salescreditnote';
  const subject = `voucher ${input.number}`;
  const list = await voucherlist(ctx, { voucherType, voucherStatus: 'any', voucherNumber: searchString(input.number) }, subject);
  const candidates = list.filter(
    (i) => i.voucherNumber === input.number && sameTotal(i, input.totalGross) && (!input.customer || i.contactId === input.customer.id),
  );
  let chosen = candidates[0];
  if (candidates.length > 1) {
    for (const candidate of candidates) {
      const read = await api(ctx, { operation: OP, method: 'GET', path: `/v1/vouchers/${encodeURIComponent(candidate.id)}`, subject }, voucherRead);
      if (remarkHasReference(read.remark, input.reference)) {
        chosen = candidate;
        break;
      }
    }
  }
  if (!chosen) return null;
  return { kind: 'voucher', id: chosen.id, number: chosen.voucherNumber ?? input.number, status: chosen.voucherStatus };
}

/**
 * Invoices and credit notes get their number from lexoffice, so ours cannot find them: list the customer's
 * documents of that date with that total, and read each until one carries our reference in its remark.
 */
async function findSalesVoucher(ctx: LexContext, input: FindBookedInput, kind: 'invoice' | 'credit_note'): Promise<RemoteDocument | null> {
  const voucherType = kind === 'invoice' ? 'invoice' : 'creditnote';
  const resource = kind === 'invoice' ? 'invoices' : 'credit-notes';
  const subject = `${kind === 'invoice' ? 'invoice' : 'credit note'} ${input.number}`;
  const list = await voucherlist(
    ctx,
    {
      voucherType,
      voucherStatus: 'any',
      ...(input.customer ? { contactId: input.customer.id } : {}),
      // Date-only filters: ISO datetimes are refused with 400 (notes §8.4).
      voucherDateFrom: input.date,
      voucherDateTo: input.date,
    },
    subject,
  );
  for (const candidate of list.filter((i) => sameTotal(i, input.totalGross))) {
    const read = await api(ctx, { operation: OP, method: 'GET', path: `/v1/${resource}/${encodeURIComponent(candidate.id)}`, subject }, salesVoucherRead);
    if (remarkHasReference(read.remark, input.reference)) {
      return {
        kind,
        id: read.id,
        ...(read.voucherNumber ? { number: read.voucherNumber } : {}),
        status: read.voucherStatus,
        ...(read.version === undefined ? {} : { version: read.version }),
      };
    }
  }
  return null;
}

/** Looks a document up to settle an uncertain outcome; only reads. */
export async function findBooked(ctx: LexContext, input: FindBookedInput): Promise<FindBookedResult> {
  const document = input.kind === 'voucher' ? await findVoucher(ctx, input) : await findSalesVoucher(ctx, input, input.kind);
  return { document };
}
