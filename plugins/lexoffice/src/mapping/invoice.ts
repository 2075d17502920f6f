import { type Invoice, type InvoiceLine, type Reference, lineAmount, toJsonNumber } from '@accounting-hub/core';
import type { CreditNoteWrite, InvoiceWrite, LineItemWrite } from '../api/wire.js';
import { berlinMidnight, daysBetween } from './dates.js';
import { remarkWith } from './remark.js';
import { taxTypeFor } from './tax-type.js';

/** One invoice line as a lexoffice `custom` line item: the price is net or gross as the invoice is written. */
function lineItem(line: InvoiceLine, taxMode: 'net' | 'gross'): LineItemWrite {
  const price = toJsonNumber(line.unitPrice);
  return {
    type: 'custom',
    name: line.title,
    ...(line.description ? { description: line.description } : {}),
    quantity: toJsonNumber(line.quantity),
    unitName: line.unitName,
    unitPrice: {
      currency: 'EUR',
      ...(taxMode === 'gross' ? { grossAmount: price } : { netAmount: price }),
      taxRatePercentage: line.taxRate,
    },
    ...(line.discountPercent && line.discountPercent !== '0' ? { discountPercentage: toJsonNumber(line.discountPercent) } : {}),
  };
}

/**
 * Service date or period (lexoffice checks the tax rates against it, notes §6.1). Without either, the service
 * counts as rendered on the invoice date, the usual reading of a German invoice without a Leistungsdatum.
 * UNCERTAIN whether tenants would rather have `none` (no date printed); it is this one line to change.
 */
function shippingConditions(invoice: Invoice): InvoiceWrite['shippingConditions'] {
  if (invoice.servicePeriod) {
    return {
      shippingType: 'serviceperiod',
      shippingDate: berlinMidnight(invoice.servicePeriod.start),
      shippingEndDate: berlinMidnight(invoice.servicePeriod.end),
    };
  }
  return { shippingType: 'service', shippingDate: berlinMidnight(invoice.serviceDate ?? invoice.date) };
}

/** Payment term from the due date; the label is always sent (a missing label gave 406, notes §14.5). */
function paymentConditions(invoice: Invoice): InvoiceWrite['paymentConditions'] {
  if (!invoice.dueDate) return undefined;
  const days = daysBetween(invoice.date, invoice.dueDate);
  const label = days === 0 ? 'Zahlbar sofort ohne Abzug' : `Zahlbar innerhalb von ${days} Tagen ohne Abzug`;
  return { paymentTermLabel: label, paymentTermDuration: days };
}

/** `POST /v1/invoices`: the tenant's pro-forma invoice as a lexoffice invoice; lexoffice assigns the number. */
export function invoicePayload(invoice: Invoice, contactId: string, reference: Reference): InvoiceWrite {
  const payment = paymentConditions(invoice);
  return {
    voucherDate: berlinMidnight(invoice.date),
    address: { contactId },
    lineItems: invoice.lines.map((l) => lineItem(l, invoice.taxMode)),
    totalPrice: { currency: 'EUR' },
    taxConditions: { taxType: taxTypeFor(invoice.taxSituation, invoice.taxMode, invoice.lines) },
    ...(payment ? { paymentConditions: payment } : {}),
    shippingConditions: shippingConditions(invoice),
    ...(invoice.introduction ? { introduction: invoice.introduction } : {}),
    remark: remarkWith(invoice.remark, `Proforma ${invoice.number}`, reference),
    language: 'de',
  };
}

/**
 * A credit-note line. Credit notes take no line discount (notes §7), so a discounted line is sent as one unit at
 * its discounted line total: the amounts stay exactly those of the invoice it reverses.
 */
function creditLineItem(line: InvoiceLine, taxMode: 'net' | 'gross'): Omit<LineItemWrite, 'discountPercentage'> {
  const { discountPercentage: _d, ...plain } = lineItem(line, taxMode);
  if (!line.discountPercent || line.discountPercent === '0') return plain;
  const total = toJsonNumber(lineAmount(line));
  const note = `${line.quantity} ${line.unitName} à ${line.unitPrice} abzüglich ${line.discountPercent} % Rabatt`;
  return {
    ...plain,
    description: line.description ? `${line.description}\n${note}` : note,
    quantity: 1,
    unitPrice: { ...plain.unitPrice, ...(taxMode === 'gross' ? { grossAmount: total } : { netAmount: total }) },
  };
}

/**
 * `POST /v1/credit-notes?precedingSalesVoucherId=...`: the whole invoice reversed, with positive amounts (a credit
 * note's type already says "credit", notes §7). The printed credit note does not show the invoice it corrects,
 * so the introduction names it.
 */
export function creditNotePayload(
  invoice: Invoice,
  cancellation: { number: string; date: string; reason?: string | undefined },
  contactId: string,
  invoiceNumberInLexoffice: string | undefined,
  reference: Reference,
): CreditNoteWrite {
  const corrected = invoiceNumberInLexoffice ?? invoice.number;
  return {
    voucherDate: berlinMidnight(cancellation.date),
    address: { contactId },
    lineItems: invoice.lines.map((l) => creditLineItem(l, invoice.taxMode)),
    totalPrice: { currency: 'EUR' },
    taxConditions: { taxType: taxTypeFor(invoice.taxSituation, invoice.taxMode, invoice.lines) },
    title: 'Rechnungskorrektur',
    introduction: `Rechnungskorrektur zur Rechnung ${corrected}${cancellation.reason ? `: ${cancellation.reason}` : ''}`,
    remark: remarkWith(undefined, `Storno ${cancellation.number}`, reference),
    language: 'de',
  };
}
