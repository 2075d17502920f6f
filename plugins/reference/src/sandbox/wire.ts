import { VAT_RATES } from '@accounting-hub/core';
import { z } from 'zod';

/**
 * The request bodies of the Reference Books API, as the sandbox (standing in for the tool) accepts them.
 * The connector keeps its own view of the API on purpose, as a connector for a real tool would.
 */

const text = (max: number) => z.string().max(max);
/** Decimal strings, never JSON numbers: the tool does its arithmetic in exact decimals. */
const decimal = (places: number) => z.string().regex(new RegExp(`^-?\\d{1,12}(\\.\\d{1,${places}})?$`), `a decimal with at most ${places} places`);
export const money = decimal(2);
const taxRate = z
  .number()
  .refine((r) => (VAT_RATES as readonly number[]).includes(r), `taxRate must be one of ${VAT_RATES.join(', ')}`);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const contactPersonWire = z.strictObject({
  salutation: text(25).optional(),
  firstName: text(255).optional(),
  lastName: text(255).min(1),
  email: text(254).optional(),
  phone: text(60).optional(),
});

export const customerWire = z.strictObject({
  kind: z.enum(['person', 'company']),
  companyName: text(255).optional(),
  salutation: text(25).optional(),
  firstName: text(255).optional(),
  lastName: text(255).optional(),
  vatId: text(20).optional(),
  taxNumber: text(30).optional(),
  email: text(254).optional(),
  phone: text(60).optional(),
  mobile: text(60).optional(),
  address: z
    .strictObject({
      street: text(255).optional(),
      supplement: text(255).optional(),
      zip: text(20).optional(),
      city: text(255).optional(),
      countryCode: z.string().regex(/^[A-Z]{2}$/),
    })
    .optional(),
  /** The tool can hold several in principle, but refuses more than one (like lexoffice's API in practice). */
  contactPersons: z.array(contactPersonWire).default([]),
  /** The tenant's own reference for the customer, searchable. */
  externalRef: text(100).optional(),
});
export type CustomerWire = z.infer<typeof customerWire>;

/** A PUT carries the version it was based on (optimistic locking). */
export const customerUpdateWire = customerWire.extend({ version: z.number().int().min(0) });

export const lineWire = z.strictObject({
  title: text(255).min(1),
  description: text(2000).optional(),
  quantity: decimal(4),
  unitName: text(60).default('Stück'),
  unitPrice: decimal(4),
  taxRate,
  discountPercent: decimal(2).optional(),
});
export type LineWire = z.infer<typeof lineWire>;

const invoiceBase = {
  customerId: z.string().min(1),
  date: isoDate,
  dueDate: isoDate.optional(),
  serviceDate: isoDate.optional(),
  servicePeriod: z.strictObject({ start: isoDate, end: isoDate }).optional(),
  taxMode: z.enum(['net', 'gross']),
  taxSituation: z.enum(['standard', 'small_business', 'reverse_charge', 'intra_community', 'export']),
  lines: z.array(lineWire).min(1).max(500),
  introduction: text(2000).optional(),
  remark: text(2000).optional(),
  /** Free text the tool keeps and can search by: where the hub's reference goes. */
  reference: text(255).optional(),
};

export const invoiceWire = z.strictObject(invoiceBase);
export type InvoiceWire = z.infer<typeof invoiceWire>;

export const creditNoteWire = z.strictObject({ ...invoiceBase, precedingId: z.string().min(1) });
export type CreditNoteWire = z.infer<typeof creditNoteWire>;

export const invoiceStatusQuery = z.strictObject({ status: z.enum(['draft', 'finalized', 'sent']).default('draft') });

export const voucherItemWire = z.strictObject({
  taxRate,
  category: z.enum(['revenue', 'services', 'fees', 'goods']),
  net: money,
  tax: money,
  gross: money,
});

export const voucherWire = z.strictObject({
  /** An income voucher, or an income reduction (Storno) with positive amounts. */
  type: z.enum(['sales_invoice', 'sales_credit_note']),
  /** The tenant's document number (the tool keeps it as given). */
  number: text(64).min(1),
  date: isoDate,
  dueDate: isoDate.optional(),
  customerId: z.string().min(1).optional(),
  totalNet: money,
  totalTax: money,
  totalGross: money,
  items: z.array(voucherItemWire).min(1).max(100),
  remark: text(2000).optional(),
  reference: text(255).optional(),
  precedingId: z.string().min(1).optional(),
});
export type VoucherWire = z.infer<typeof voucherWire>;

export const documentQuery = z.strictObject({
  kind: z.enum(['invoice', 'voucher', 'credit_note']).optional(),
  number: z.string().min(1).optional(),
  reference: z.string().min(1).optional(),
});

export const customerQuery = z.strictObject({ externalRef: z.string().min(1).optional() });
