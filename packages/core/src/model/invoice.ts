import { z } from 'zod';
import { computeTotals } from '../tax/column-method.js';
import { revenueCategory, taxSituation, vatRate } from '../tax/rates.js';
import { customer } from './customer.js';
import { documentFile } from './document.js';
import { invoiceNumber, isoDate, percent, quantity, requiredText, text, unitPrice } from './primitives.js';

export const invoiceLine = z.strictObject({
  title: requiredText(255),
  description: text(2000).optional(),
  quantity: quantity,
  unitName: text(60).default('Stück'),
  /** Net or gross per unit, as the invoice's taxMode says. Negative for discounts and credits. */
  unitPrice: unitPrice,
  taxRate: vatRate,
  discountPercent: percent.optional(),
  category: revenueCategory.optional(),
});
export type InvoiceLine = z.infer<typeof invoiceLine>;

export const servicePeriod = z
  .strictObject({ start: isoDate, end: isoDate })
  .refine((p) => p.start <= p.end, { message: 'start must not be after end', path: ['end'] });



const invoiceFields = {
  number: invoiceNumber,
  date: isoDate,
  dueDate: isoDate.optional(),
  serviceDate: isoDate.optional(),
  servicePeriod: servicePeriod.optional(),
  currency: z.literal('EUR', { error: 'only EUR is supported' }).default('EUR'),
  taxMode: z.enum(['net', 'gross']).default('net'),
  taxSituation: taxSituation.default('standard'),
  lines: z.array(invoiceLine).min(1, 'an invoice needs at least one line').max(500, 'at most 500 lines'),
  introduction: text(2000).optional(),
  remark: text(2000).optional(),
  document: documentFile.optional(),
};

/** The neutral invoice a connector books: the customer is resolved, the document (PDF) optional. */
export const invoice = z
  .strictObject({ ...invoiceFields, customer })
  .superRefine((inv, ctx) => {
    checkInvoiceRules(inv, ctx);
    checkInvoiceTotals(inv, ctx);
  });
export type Invoice = z.infer<typeof invoice>;

type InvoiceShape = {
  date: string;
  dueDate?: string | undefined;
  serviceDate?: string | undefined;
  servicePeriod?: { start: string; end: string } | undefined;
  taxSituation: z.infer<typeof taxSituation>;
  lines: { taxRate: number }[];
  customer?: { type: 'person' | 'company'; vatId?: string | undefined; address?: { countryCode: string } | undefined };
};

/** Rules that span fields. Totals (never negative) are checked by `checkInvoiceTotals`, which needs the math. */
export function checkInvoiceRules(inv: InvoiceShape, ctx: z.RefinementCtx): void {
  if (inv.dueDate && inv.dueDate < inv.date) {
    ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'dueDate must not be before date' });
  }
  if (inv.serviceDate && inv.servicePeriod) {
    ctx.addIssue({ code: 'custom', path: ['servicePeriod'], message: 'give serviceDate or servicePeriod, not both' });
  }
  if (inv.taxSituation !== 'standard') {
    inv.lines.forEach((line, i) => {
      if (line.taxRate !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'taxRate'],
          message: `taxSituation ${inv.taxSituation} charges no VAT: taxRate must be 0`,
        });
      }
    });
  }
  const c = inv.customer;
  if (!c) return;
  if (inv.taxSituation === 'reverse_charge' || inv.taxSituation === 'intra_community') {
    if (c.type !== 'company') {
      ctx.addIssue({ code: 'custom', path: ['customer', 'type'], message: `${inv.taxSituation} needs a company customer` });
    }
    if (!c.vatId) {
      ctx.addIssue({ code: 'custom', path: ['customer', 'vatId'], message: `${inv.taxSituation} needs the customer's VAT id` });
    }
  }
  if (inv.taxSituation === 'intra_community' && c.address?.countryCode === 'DE') {
    ctx.addIssue({
      code: 'custom',
      path: ['customer', 'address', 'countryCode'],
      message: 'an intra-community supply goes to another EU country, not DE',
    });
  }
}

/** The total of an invoice may not be negative (lexoffice refuses it; a negative invoice is a credit note). */
export function checkInvoiceTotals(
  inv: { taxMode: 'net' | 'gross'; lines: Parameters<typeof computeTotals>[1] },
  ctx: z.RefinementCtx,
): void {
  const totals = computeTotals(inv.taxMode, inv.lines);
  if (totals.totalGross.startsWith('-')) {
    ctx.addIssue({ code: 'custom', path: ['lines'], message: `the invoice total must not be negative (it is ${totals.totalGross})` });
  }
}
