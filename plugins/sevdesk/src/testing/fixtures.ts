import {
  type Customer,
  type Invoice,
  type InvoiceStatus,
  type RemoteCustomer,
  computeTotals,
  customer as customerSchema,
  groupBookkeepingItems,
  invoice as invoiceSchema,
} from '@accounting-hub/core';
import { seedInvoices } from '@accounting-hub/core/seeds';
import { connector } from '../connector.js';
import type { SevdeskContext } from '../state.js';

export async function link(ctx: SevdeskContext, c: Customer, remote: RemoteCustomer | null = null) {
  return connector.upsertCustomer(ctx, { customer: c, remote });
}

export async function bookInvoice(ctx: SevdeskContext, inv: Invoice, status: InvoiceStatus, reference: string, customer?: RemoteCustomer) {
  const remote = customer ?? (await link(ctx, inv.customer)).customer;
  const totals = computeTotals(inv.taxMode, inv.lines);
  const result = await connector.bookInvoice(ctx, { invoice: inv, customer: remote, status, totals, reference });
  return { result, customer: remote, totals };
}

export async function bookVoucher(ctx: SevdeskContext, inv: Invoice, reference: string, customer?: RemoteCustomer) {
  const remote = customer ?? (await link(ctx, inv.customer)).customer;
  const totals = computeTotals(inv.taxMode, inv.lines);
  const items = groupBookkeepingItems(totals);
  const result = await connector.bookVoucher(ctx, { invoice: inv, customer: remote, totals, items, file: inv.document, reference });
  return { result, customer: remote, totals, items };
}

/** A seed invoice with changes, parsed again (so the neutral model's rules still hold). */
export function variant(key: keyof typeof seedInvoices, change: (raw: Record<string, unknown>) => Record<string, unknown>): Invoice {
  return invoiceSchema.parse(change(structuredClone(seedInvoices[key]) as unknown as Record<string, unknown>));
}

export function customerVariant(c: Customer, change: Partial<Customer>): Customer {
  return customerSchema.parse({ ...c, ...change });
}
