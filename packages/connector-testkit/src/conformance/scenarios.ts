import assert from 'node:assert/strict';
import {
  type BookkeepingItem,
  type CallRecord,
  type ConnectorContext,
  type Customer,
  type Invoice,
  type InvoiceStatus,
  type InvoiceTotals,
  type RemoteCustomer,
  type RemoteDocument,
  attachResult,
  bookResult,
  computeTotals,
  groupBookkeepingItems,
  upsertCustomerResult,
} from '@accounting-hub/core';
import { seedInvoices } from '@accounting-hub/core/seeds';
import { lastSuccessfulWrite } from './assertions.js';
import type { ConformanceSession } from './session.js';

/** The guide's four worked examples; each is booked in every mode the connector offers. */
export const SEED_SCENARIOS = ['jannikHuber', 'jodelUndSoehne', 'bettinaWolf', 'iLearn'] as const;
export type SeedScenario = (typeof SEED_SCENARIOS)[number];

export function seedInvoice(key: SeedScenario | 'boerseGmbH'): Invoice {
  return seedInvoices[key];
}

/** A reference as the hub would derive it: stable, unique per document and purpose. */
export function testkitReference(...parts: string[]): string {
  return ['testkit', ...parts].join(':');
}

/** Upserts a customer with no stored link, as the hub does on a tenant's first invoice for them. */
export async function linkCustomer<C, O>(s: ConformanceSession<C, O>, ctx: ConnectorContext<C, O>, customer: Customer) {
  const result = upsertCustomerResult.parse(await s.connector.upsertCustomer(ctx, { customer, remote: null }));
  return result.customer;
}

export interface Booked {
  document: RemoteDocument;
  customer: RemoteCustomer;
  totals: InvoiceTotals;
  items: BookkeepingItem[];
  /** The write that created the document: where an uncertain-outcome fault is aimed. */
  createRecord: CallRecord;
  fileAttached: boolean;
}

/** Books `invoice` in invoice mode the way the sync engine does: customer first, then the document. */
export async function bookInvoiceMode<C, O>(
  s: ConformanceSession<C, O>,
  ctx: ConnectorContext<C, O>,
  invoice: Invoice,
  status: InvoiceStatus,
  reference: string,
  customer?: RemoteCustomer,
): Promise<Booked> {
  const remote = customer ?? (await linkCustomer(s, ctx, invoice.customer));
  const totals = computeTotals(invoice.taxMode, invoice.lines);
  const mark = s.records.length;
  const result = bookResult.parse(await s.connector.bookInvoice(ctx, { invoice, customer: remote, status, totals, reference }));
  assert.equal(result.document.kind, 'invoice', `bookInvoice(${invoice.number}) must answer a document of kind invoice`);
  return {
    document: result.document,
    customer: remote,
    totals,
    items: groupBookkeepingItems(totals),
    createRecord: lastSuccessfulWrite(s.records.slice(mark), result.document.id),
    fileAttached: result.fileAttached,
  };
}

/**
 * Books `invoice` in voucher mode the way the sync engine does: customer, voucher with grouped items, and the
 * tenant's file through attachDocument when the voucher call did not take it already.
 */
export async function bookVoucherMode<C, O>(
  s: ConformanceSession<C, O>,
  ctx: ConnectorContext<C, O>,
  invoice: Invoice,
  reference: string,
  customer?: RemoteCustomer,
): Promise<Booked> {
  const caps = s.connector.manifest.capabilities;
  const remote = customer ?? (await linkCustomer(s, ctx, invoice.customer));
  const totals = computeTotals(invoice.taxMode, invoice.lines);
  const items = groupBookkeepingItems(totals);
  const file = caps.voucherFiles ? invoice.document : undefined;
  const mark = s.records.length;
  const result = bookResult.parse(
    await s.connector.bookVoucher(ctx, { invoice, customer: remote, totals, items, file, reference }),
  );
  assert.equal(result.document.kind, 'voucher', `bookVoucher(${invoice.number}) must answer a document of kind voucher`);
  const createRecord = lastSuccessfulWrite(s.records.slice(mark), result.document.id);
  let fileAttached = result.fileAttached;
  if (!fileAttached && file) {
    attachResult.parse(await s.connector.attachDocument(ctx, { document: result.document, file }));
    fileAttached = true;
  }
  return { document: result.document, customer: remote, totals, items, createRecord, fileAttached };
}

/** The status an invoice-mode original is booked with when a later step needs a real (numbered) invoice. */
export function strongestStatus(caps: { invoiceFinalize: boolean }): InvoiceStatus {
  return caps.invoiceFinalize ? 'finalized' : 'draft';
}
