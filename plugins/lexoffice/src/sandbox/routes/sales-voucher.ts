import { randomUUID } from 'node:crypto';
import { Dec, computeTotals, type LineInput, type VatRate } from '@accounting-hub/core';
import { z } from 'zod';
import { SALES_DATETIME, addDays, berlinTimestamp, dayOf } from '../clock.js';
import type { DetailSpec } from '../http-errors.js';
import type { LexofficeState, StoredLineItem, StoredSalesVoucher } from '../state.js';
import { VAT_RATES, hasAtMostDecimals, ratesValidOn } from '../validation/amounts.js';

/**
 * What invoices and credit notes share (notes §6, §7): the body, its rules, the totals lexoffice computes
 * (column method per rate), and the stored record. Unknown fields are ignored, as lexoffice does.
 */

const lineItemBody = z.object({
  id: z.string().optional(),
  type: z.enum(['custom', 'service', 'material', 'text']),
  name: z.string().max(255).optional(),
  description: z.string().max(2000).optional(),
  quantity: z.number().optional(),
  unitName: z.string().max(255).optional(),
  unitPrice: z
    .object({
      currency: z.string(),
      netAmount: z.number().optional(),
      grossAmount: z.number().optional(),
      taxRatePercentage: z.number(),
    })
    .optional(),
  discountPercentage: z.number().optional(),
});

export const salesVoucherBody = z.object({
  voucherDate: z.string(),
  address: z.object({
    contactId: z.string().optional(),
    name: z.string().optional(),
    supplement: z.string().optional(),
    street: z.string().optional(),
    city: z.string().optional(),
    zip: z.string().optional(),
    countryCode: z.string().optional(),
  }),
  lineItems: z.array(lineItemBody),
  totalPrice: z.object({ currency: z.string() }),
  taxConditions: z.object({ taxType: z.string(), taxTypeNote: z.string().optional() }),
  paymentConditions: z
    .object({ paymentTermLabel: z.string().optional(), paymentTermDuration: z.number().int().optional() })
    .optional(),
  shippingConditions: z
    .object({ shippingType: z.string(), shippingDate: z.string().optional(), shippingEndDate: z.string().optional() })
    .optional(),
  title: z.string().max(25).optional(),
  introduction: z.string().max(2000).optional(),
  remark: z.string().max(2000).optional(),
  language: z.string().optional(),
});
export type SalesVoucherBody = z.infer<typeof salesVoucherBody>;

const TAX_TYPES = [
  'net',
  'gross',
  'vatfree',
  'intraCommunitySupply',
  'constructionService13b',
  'externalService13b',
  'thirdPartyCountryService',
  'thirdPartyCountryDelivery',
  'photovoltaicEquipment',
];
const VAT_FREE = new Set(TAX_TYPES.filter((t) => t !== 'net' && t !== 'gross'));
const NEEDS_VAT_ID = new Set(['intraCommunitySupply', 'constructionService13b', 'externalService13b']);
const THIRD_COUNTRY = new Set(['thirdPartyCountryService', 'thirdPartyCountryDelivery']);
const SHIPPING_TYPES = ['service', 'serviceperiod', 'delivery', 'deliveryperiod', 'none'];

const detail = (violation: string, field: string, message: string): DetailSpec => ({ violation, field, message });

/** The rules beyond the shape, for `kind` (credit notes have no shipping, payment terms or line discounts). */
export function salesVoucherIssues(state: LexofficeState, body: SalesVoucherBody, kind: 'invoice' | 'creditnote'): DetailSpec[] {
  const out: DetailSpec[] = [];
  if (!SALES_DATETIME.test(body.voucherDate) || Number.isNaN(Date.parse(body.voucherDate))) {
    out.push(detail('PATTERN', 'voucherDate', "muss dem Format yyyy-MM-dd'T'HH:mm:ss.SSSXXX entsprechen"));
  }
  // Only German documents can be created through the API (invoice cookbook).
  if (body.language !== undefined && body.language !== 'de') out.push(detail('INVALID', 'language', 'nur "de" ist erlaubt'));
  if (body.totalPrice.currency !== 'EUR') out.push(detail('INVALID', 'totalPrice.currency', 'nur EUR ist erlaubt'));
  const taxType = body.taxConditions.taxType;
  if (!TAX_TYPES.includes(taxType)) out.push(detail('INVALID', 'taxConditions.taxType', 'ungültiger Steuertyp'));

  const contactId = body.address.contactId;
  const contact = contactId ? state.contacts.get(contactId) : undefined;
  if (contactId && !contact) out.push(detail('INVALID', 'address.contactId', 'Kontakt nicht gefunden'));
  if (contact && !contact.roles.customer) out.push(detail('INVALID', 'address.contactId', 'der Kontakt ist kein Kunde'));
  if (!contactId) {
    if (!body.address.name) out.push(detail('NOTNULL', 'address.name', 'darf nicht leer sein'));
    if (!body.address.countryCode) out.push(detail('NOTNULL', 'address.countryCode', 'darf nicht leer sein'));
  }
  // Every vat-free type but `vatfree` needs a referenced contact; §13b and intra-community supply a company with
  // a VAT id; third-country types a contact that allows tax-free invoices (invoice cookbook, notes §6.1).
  if (VAT_FREE.has(taxType) && taxType !== 'vatfree' && !contactId) {
    out.push(detail('NOTNULL', 'address.contactId', 'für diesen Steuertyp ist ein Kontakt erforderlich'));
  }
  if (NEEDS_VAT_ID.has(taxType) && contact && !contact.company?.vatRegistrationId) {
    out.push(detail('INVALID', 'address.contactId', 'für diesen Steuertyp ist eine Firma mit USt-IdNr. erforderlich'));
  }
  if (THIRD_COUNTRY.has(taxType) && contact && !contact.company?.allowTaxFreeInvoices) {
    out.push(detail('INVALID', 'address.contactId', 'der Kontakt erlaubt keine steuerfreien Rechnungen'));
  }
  if (state.organization.smallBusiness && taxType !== 'vatfree') {
    out.push(detail('INVALID', 'taxConditions.taxType', 'Kleinunternehmer können nur steuerfreie Belege erstellen'));
  }

  const shipping = body.shippingConditions;
  let relevantDate = SALES_DATETIME.test(body.voucherDate) ? dayOf(body.voucherDate) : undefined;
  if (kind === 'invoice') {
    if (!shipping) out.push(detail('NOTNULL', 'shippingConditions.shippingType', 'darf nicht leer sein'));
    else if (!SHIPPING_TYPES.includes(shipping.shippingType)) out.push(detail('INVALID', 'shippingConditions.shippingType', 'ungültiger Wert'));
    else if (shipping.shippingType !== 'none') {
      const periods = shipping.shippingType.endsWith('period');
      if (!shipping.shippingDate || !SALES_DATETIME.test(shipping.shippingDate)) {
        out.push(detail('PATTERN', 'shippingConditions.shippingDate', 'darf nicht leer sein'));
      } else {
        relevantDate = dayOf(shipping.shippingDate);
      }
      if (periods) {
        if (!shipping.shippingEndDate || !SALES_DATETIME.test(shipping.shippingEndDate)) {
          out.push(detail('PATTERN', 'shippingConditions.shippingEndDate', 'darf nicht leer sein'));
        } else if (shipping.shippingDate && Date.parse(shipping.shippingEndDate) < Date.parse(shipping.shippingDate)) {
          out.push(detail('INVALID', 'shippingConditions.shippingEndDate', 'darf nicht vor dem Lieferdatum liegen'));
        } else {
          relevantDate = dayOf(shipping.shippingEndDate);
        }
      }
    }
    const pay = body.paymentConditions;
    if (pay) {
      // Custom payment conditions without their label were refused (notes §14.5).
      if (!pay.paymentTermLabel) out.push(detail('NOTNULL', 'paymentConditions.paymentTermLabel', 'darf nicht leer sein'));
      if (pay.paymentTermDuration !== undefined && pay.paymentTermDuration < 0) {
        out.push(detail('INVALID', 'paymentConditions.paymentTermDuration', 'muss größer oder gleich 0 sein'));
      }
    }
  }

  if (body.lineItems.length === 0) out.push(detail('NOTEMPTY', 'lineItems', 'darf nicht leer sein'));
  if (body.lineItems.length > 300) out.push(detail('INVALID', 'lineItems', 'höchstens 300 Positionen'));
  const allowed = relevantDate ? ratesValidOn(relevantDate) : VAT_RATES;
  body.lineItems.forEach((item, i) => {
    const at = `lineItems[${i}]`;
    if (item.type === 'text') {
      if (!item.name && !item.description) out.push(detail('NOTNULL', `${at}.name`, 'darf nicht leer sein'));
      return;
    }
    if (item.type !== 'custom') {
      // service/material reference articles, which this sandbox does not hold.
      out.push(detail('INVALID', `${at}.id`, 'Artikel nicht gefunden'));
      return;
    }
    if (!item.name) out.push(detail('NOTNULL', `${at}.name`, 'darf nicht leer sein'));
    if (item.quantity === undefined) out.push(detail('NOTNULL', `${at}.quantity`, 'darf nicht leer sein'));
    else if (!hasAtMostDecimals(item.quantity, 4)) out.push(detail('INVALID', `${at}.quantity`, 'höchstens 4 Nachkommastellen'));
    if (!item.unitName) out.push(detail('NOTNULL', `${at}.unitName`, 'darf nicht leer sein'));
    // Credit notes have no line discount in the docs' model (notes §7). UNCERTAIN whether lexoffice refuses or ignores
    // one; refusing makes a silently different total impossible.
    if (kind === 'creditnote' && item.discountPercentage !== undefined) {
      out.push(detail('INVALID', `${at}.discountPercentage`, 'Rabatte sind bei Rechnungskorrekturen nicht möglich'));
    }
    if (item.discountPercentage !== undefined && (item.discountPercentage < 0 || item.discountPercentage > 100 || !hasAtMostDecimals(item.discountPercentage, 2))) {
      out.push(detail('INVALID', `${at}.discountPercentage`, 'ungültiger Rabatt'));
    }
    const price = item.unitPrice;
    if (!price) {
      out.push(detail('NOTNULL', `${at}.unitPrice`, 'darf nicht leer sein'));
      return;
    }
    if (price.currency !== 'EUR') out.push(detail('INVALID', `${at}.unitPrice.currency`, 'nur EUR ist erlaubt'));
    const amountField = taxType === 'gross' ? 'grossAmount' : 'netAmount';
    const amount = price[amountField];
    if (amount === undefined) out.push(detail('NOTNULL', `${at}.unitPrice.${amountField}`, 'darf nicht leer sein'));
    else if (!hasAtMostDecimals(amount, 4)) out.push(detail('INVALID', `${at}.unitPrice.${amountField}`, 'höchstens 4 Nachkommastellen'));
    const rate = price.taxRatePercentage;
    if (VAT_FREE.has(taxType)) {
      if (rate !== 0) out.push(detail('INVALID', `${at}.unitPrice.taxRatePercentage`, 'muss 0 sein'));
    } else if (!allowed.includes(rate)) {
      out.push(detail('INVALID', `${at}.unitPrice.taxRatePercentage`, `Steuersatz ${rate} ist am ${relevantDate ?? ''} nicht gültig`));
    }
  });
  return out;
}

/** Totals as lexoffice computes them: line amounts rounded once, tax once per rate (column method, cookbook 002). */
export function salesVoucherTotals(body: SalesVoucherBody) {
  const taxMode: 'net' | 'gross' = body.taxConditions.taxType === 'gross' ? 'gross' : 'net';
  const priced = body.lineItems.filter((i) => i.type === 'custom' && i.unitPrice);
  const lines: LineInput[] = priced.map((i) => ({
    quantity: String(i.quantity ?? 0),
    unitPrice: String((taxMode === 'gross' ? i.unitPrice?.grossAmount : i.unitPrice?.netAmount) ?? 0),
    taxRate: (i.unitPrice?.taxRatePercentage ?? 0) as VatRate,
    ...(i.discountPercentage ? { discountPercent: String(i.discountPercentage) } : {}),
  }));
  return { taxMode, totals: computeTotals(taxMode, lines) };
}

/** The stored record, with the read-only amounts lexoffice fills in. */
export function storeSalesVoucher(
  state: LexofficeState,
  body: SalesVoucherBody,
  kind: 'invoice' | 'creditnote',
  finalize: boolean,
  precedingId: string | undefined,
): StoredSalesVoucher {
  const { totals } = salesVoucherTotals(body);
  const now = berlinTimestamp(new Date());
  const contact = body.address.contactId ? state.contacts.get(body.address.contactId) : undefined;
  const billing = contact?.addresses?.billing?.[0];
  let priced = 0;
  const lineItems: StoredLineItem[] = body.lineItems.map((item) => {
    if (item.type === 'text') return { type: 'text', ...(item.name ? { name: item.name } : {}), ...(item.description ? { description: item.description } : {}) };
    const amount = totals.lines[priced++]?.amount ?? '0.00';
    return { ...(item as StoredLineItem), type: 'custom', lineItemAmount: Number(amount) };
  });
  const duration = kind === 'invoice' ? body.paymentConditions?.paymentTermDuration : undefined;
  const day = dayOf(body.voucherDate);
  return {
    kind,
    id: randomUUID(),
    version: 1,
    createdDate: now,
    updatedDate: now,
    voucherStatus: finalize ? 'open' : 'draft',
    voucherNumber: kind === 'invoice' ? state.nextInvoiceNumber() : state.nextCreditNoteNumber(),
    voucherDate: body.voucherDate,
    ...(duration !== undefined ? { dueDate: `${addDays(day, duration)}${body.voucherDate.slice(10)}` } : {}),
    address: {
      ...(contact ? { contactId: contact.id } : {}),
      name: contact ? state.contactName(contact) : (body.address.name ?? ''),
      ...(billing?.street ? { street: billing.street } : {}),
      ...(billing?.zip ? { zip: billing.zip } : {}),
      ...(billing?.city ? { city: billing.city } : {}),
      countryCode: billing?.countryCode ?? body.address.countryCode ?? 'DE',
    },
    lineItems,
    totals: { net: totals.totalNet, tax: totals.totalTax, gross: totals.totalGross },
    taxAmounts: totals.rates.map((r) => ({ taxRatePercentage: r.taxRate, taxAmount: r.tax, netAmount: r.net })),
    taxConditions: { taxType: body.taxConditions.taxType, ...(body.taxConditions.taxTypeNote ? { taxTypeNote: body.taxConditions.taxTypeNote } : {}) },
    ...(kind === 'invoice' && body.paymentConditions?.paymentTermLabel
      ? { paymentConditions: { paymentTermLabel: body.paymentConditions.paymentTermLabel, paymentTermDuration: duration ?? 0 } }
      : {}),
    ...(kind === 'invoice' && body.shippingConditions ? { shippingConditions: body.shippingConditions } : {}),
    title: body.title ?? (kind === 'invoice' ? 'Rechnung' : 'Rechnungskorrektur'),
    ...(body.introduction ? { introduction: body.introduction } : {}),
    ...(body.remark ? { remark: body.remark } : {}),
    language: 'de',
    ...(precedingId ? { precedingId } : {}),
    relatedVouchers: [],
    mails: [],
  };
}

/** `GET /v1/invoices/{id}` / `/v1/credit-notes/{id}` as lexoffice answers it. */
export function salesVoucherJson(state: LexofficeState, s: StoredSalesVoucher) {
  return {
    id: s.id,
    organizationId: state.organization.id,
    createdDate: s.createdDate,
    updatedDate: s.updatedDate,
    version: s.version,
    language: s.language,
    archived: false,
    voucherStatus: s.voucherStatus,
    voucherNumber: s.voucherNumber,
    voucherDate: s.voucherDate,
    ...(s.dueDate ? { dueDate: s.dueDate } : {}),
    address: s.address,
    lineItems: s.lineItems,
    totalPrice: {
      currency: 'EUR',
      totalNetAmount: Number(s.totals.net),
      totalGrossAmount: Number(s.totals.gross),
      totalTaxAmount: Number(s.totals.tax),
    },
    taxAmounts: s.taxAmounts.map((t) => ({ taxRatePercentage: t.taxRatePercentage, taxAmount: Number(t.taxAmount), netAmount: Number(t.netAmount) })),
    taxConditions: s.taxConditions,
    ...(s.paymentConditions ? { paymentConditions: s.paymentConditions } : {}),
    ...(s.shippingConditions ? { shippingConditions: s.shippingConditions } : {}),
    relatedVouchers: s.relatedVouchers,
    title: s.title,
    ...(s.introduction ? { introduction: s.introduction } : {}),
    ...(s.remark ? { remark: s.remark } : {}),
  };
}

export function isNegative(value: string): boolean {
  return new Dec(value).isNegative() && !new Dec(value).isZero();
}
