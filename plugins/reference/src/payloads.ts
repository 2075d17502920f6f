import type {
  BookInvoiceInput,
  BookVoucherInput,
  BookkeepingItem,
  CreditInput,
  Customer,
  Invoice,
  InvoiceStatus,
  InvoiceTotals,
  RemoteDocument,
} from '@accounting-hub/core';
import type { DocumentResponse } from './api/responses.js';

/**
 * The neutral model in Reference Books' words. Pure functions, so the mapping can be read (and tested) apart
 * from the HTTP calls.
 */

export function customerPayload(c: Customer) {
  return {
    kind: c.type,
    companyName: c.type === 'company' ? c.companyName : undefined,
    salutation: c.salutation,
    firstName: c.firstName,
    lastName: c.lastName,
    vatId: c.vatId,
    taxNumber: c.taxNumber,
    email: c.email,
    phone: c.phone,
    mobile: c.mobile,
    address: c.address,
    // The tool's list holds at most one, which is all the neutral model has.
    contactPersons: c.contactPerson ? [c.contactPerson] : [],
    externalRef: c.ref,
  };
}
export type CustomerPayload = ReturnType<typeof customerPayload>;

const CUSTOMER_KEYS = [
  'kind',
  'companyName',
  'salutation',
  'firstName',
  'lastName',
  'vatId',
  'taxNumber',
  'email',
  'phone',
  'mobile',
  'address',
  'contactPersons',
  'externalRef',
] as const;

/** JSON with sorted keys and without undefined, so that equal data compares equal whatever its key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Whether the customer in the tool already says what we would send: then an update would only bump its version. */
export function sameCustomer(current: Partial<Record<(typeof CUSTOMER_KEYS)[number], unknown>>, payload: CustomerPayload): boolean {
  const pick = (x: Partial<Record<string, unknown>>) => Object.fromEntries(CUSTOMER_KEYS.map((k) => [k, x[k]]));
  return canonical(pick(current)) === canonical(pick(payload));
}

function linesPayload(invoice: Invoice) {
  return invoice.lines.map((l) => ({
    title: l.title,
    description: l.description,
    quantity: l.quantity,
    unitName: l.unitName,
    unitPrice: l.unitPrice,
    taxRate: l.taxRate,
    discountPercent: l.discountPercent,
  }));
}

export const invoiceStatusQuery: Record<InvoiceStatus, 'draft' | 'finalized' | 'sent'> = {
  draft: 'draft',
  finalized: 'finalized',
  finalized_and_sent: 'sent',
};

export function invoicePayload(input: BookInvoiceInput) {
  const { invoice } = input;
  return {
    customerId: input.customer.id,
    date: invoice.date,
    dueDate: invoice.dueDate,
    serviceDate: invoice.serviceDate,
    servicePeriod: invoice.servicePeriod,
    taxMode: invoice.taxMode,
    taxSituation: invoice.taxSituation,
    lines: linesPayload(invoice),
    introduction: invoice.introduction,
    remark: invoice.remark,
    // The tool assigns its own number, so the reference is how findBooked recognises this invoice later.
    reference: input.reference,
  };
}

export function creditNotePayload(input: CreditInput) {
  const { invoice } = input.original;
  const reason = input.cancellation.reason ? `: ${input.cancellation.reason}` : '';
  return {
    customerId: input.customer.id,
    precedingId: input.original.document.id,
    date: input.cancellation.date,
    serviceDate: invoice.serviceDate,
    servicePeriod: invoice.servicePeriod,
    taxMode: invoice.taxMode,
    taxSituation: invoice.taxSituation,
    // The whole invoice is reversed: same lines, positive; the document type says "credit".
    lines: linesPayload(invoice),
    remark: `Storno ${input.cancellation.number} zu ${invoice.number}${reason}`,
    reference: input.reference,
  };
}

function amounts(totals: InvoiceTotals, items: readonly BookkeepingItem[]) {
  return {
    totalNet: totals.totalNet,
    totalTax: totals.totalTax,
    totalGross: totals.totalGross,
    items: items.map((i) => ({ taxRate: i.taxRate, category: i.category, net: i.net, tax: i.tax, gross: i.gross })),
  };
}

export function voucherPayload(input: BookVoucherInput) {
  return {
    type: 'sales_invoice' as const,
    number: input.invoice.number,
    date: input.invoice.date,
    dueDate: input.invoice.dueDate,
    customerId: input.customer.id,
    ...amounts(input.totals, input.items),
    reference: input.reference,
  };
}

/** An income reduction: the original's items with positive amounts, under the cancellation's number and date. */
export function voucherCreditPayload(input: CreditInput) {
  return {
    type: 'sales_credit_note' as const,
    number: input.cancellation.number,
    date: input.cancellation.date,
    customerId: input.customer.id,
    ...amounts(input.original.totals, input.original.items),
    remark: input.cancellation.reason,
    reference: input.reference,
    precedingId: input.original.document.id,
  };
}

export function remoteDocument(d: DocumentResponse): RemoteDocument {
  return { kind: d.kind, id: d.id, ...(d.number ? { number: d.number } : {}), status: d.status };
}
