import { Dec, type RemoteDocument } from '@accounting-hub/core';
import { z } from 'zod';
import { LIST_LIMIT, sevdesk } from '../api/request.js';
import {
  type CreditNoteResponse,
  type InvoiceResponse,
  type VoucherResponse,
  creditNote,
  invoice,
  voucher,
} from '../api/responses.js';
import type { SevdeskContext } from '../state.js';

/**
 * Look-ups by what the connector wrote: the hub's reference (`customerInternalNote`, filtered exactly by sevdesk,
 * notes §4.1) or the tenant's number (voucher `description`). Every filter is re-checked here: sevdesk silently
 * ignores filters it does not know and then answers everything (notes pitfall 10).
 */

const contactFilter = (customerId: string | undefined) =>
  customerId ? { 'contact[id]': customerId, 'contact[objectName]': 'Contact' } : {};

export async function invoicesByReference(ctx: SevdeskContext, op: string, reference: string, customerId?: string): Promise<InvoiceResponse[]> {
  const list = await sevdesk(
    ctx,
    {
      operation: op,
      method: 'GET',
      path: '/Invoice',
      // customerInternalNote: not in the spec's parameter list, measured to filter exactly (notes §4.1); the
      // spec's "customerIntenalNote" is a typo sevdesk ignores.
      query: { customerInternalNote: reference, ...contactFilter(customerId), limit: LIST_LIMIT },
      subject: `the invoice with reference ${reference}`,
    },
    z.array(invoice),
  );
  return list.filter((i) => i.customerInternalNote === reference && (!customerId || i.contact?.id === customerId));
}

export async function invoicesByNumber(ctx: SevdeskContext, op: string, number: string): Promise<InvoiceResponse[]> {
  const list = await sevdesk(
    ctx,
    { operation: op, method: 'GET', path: '/Invoice', query: { invoiceNumber: number, limit: LIST_LIMIT }, subject: `the invoice ${number}` },
    z.array(invoice),
  );
  return list.filter((i) => i.invoiceNumber === number);
}

export async function invoicesOfCustomer(ctx: SevdeskContext, op: string, customerId: string): Promise<InvoiceResponse[]> {
  const list = await sevdesk(
    ctx,
    { operation: op, method: 'GET', path: '/Invoice', query: { ...contactFilter(customerId), limit: LIST_LIMIT }, subject: 'the invoices of the customer' },
    z.array(invoice),
  );
  return list.filter((i) => i.contact?.id === customerId);
}

export async function creditNotesByReference(ctx: SevdeskContext, op: string, reference: string, customerId?: string): Promise<CreditNoteResponse[]> {
  const list = await sevdesk(
    ctx,
    {
      operation: op,
      method: 'GET',
      path: '/CreditNote',
      // As on invoices, customerInternalNote is not among the spec's filters (notes pitfall 11 names both).
      query: { customerInternalNote: reference, ...contactFilter(customerId), limit: LIST_LIMIT },
      subject: `the credit note with reference ${reference}`,
    },
    z.array(creditNote),
  );
  return list.filter((c) => c.customerInternalNote === reference && (!customerId || c.contact?.id === customerId));
}

/** Vouchers whose Belegnummer (`description`) is exactly `number`; `descriptionLike` is a substring filter. */
export async function vouchersByNumber(ctx: SevdeskContext, op: string, number: string, customerId?: string): Promise<VoucherResponse[]> {
  const list = await sevdesk(
    ctx,
    {
      operation: op,
      method: 'GET',
      path: '/Voucher',
      query: { descriptionLike: number, creditDebit: 'D', ...contactFilter(customerId), limit: LIST_LIMIT },
      subject: `the voucher ${number}`,
    },
    z.array(voucher),
  );
  return list.filter((v) => v.description === number && (!customerId || v.supplier?.id === customerId));
}

/** The same amount, whatever the sign (a cancellation voucher carries negative sums). */
export function sameAmount(a: string, b: string): boolean {
  return new Dec(a).abs().equals(new Dec(b).abs());
}

const INVOICE_STATUS: Record<number, string> = { 50: 'inactive', 100: 'draft', 200: 'open', 750: 'partially_paid', 1000: 'paid' };
const VOUCHER_STATUS: Record<number, string> = { 50: 'draft', 100: 'open', 150: 'transferred', 750: 'partially_paid', 1000: 'paid' };

export function invoiceDocument(i: InvoiceResponse): RemoteDocument {
  // A cancellation invoice (SR) is sevdesk's Storno document: to the hub it is the credit note of the original.
  const kind = i.invoiceType === 'SR' ? 'credit_note' : 'invoice';
  return { kind, id: i.id, ...(i.invoiceNumber ? { number: i.invoiceNumber } : {}), status: INVOICE_STATUS[i.status] ?? String(i.status) };
}

export function creditNoteDocument(c: CreditNoteResponse): RemoteDocument {
  return {
    kind: 'credit_note',
    id: c.id,
    ...(c.creditNoteNumber ? { number: c.creditNoteNumber } : {}),
    status: INVOICE_STATUS[c.status] ?? String(c.status),
  };
}

export function voucherDocument(v: VoucherResponse): RemoteDocument {
  return { kind: 'voucher', id: v.id, ...(v.description ? { number: v.description } : {}), status: VOUCHER_STATUS[v.status] ?? String(v.status) };
}
