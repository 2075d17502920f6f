import {
  type BookkeepingItem,
  Dec,
  type Invoice,
  type InvoiceTotals,
  type Reference,
  type TaxSituation,
  toJsonNumber,
} from '@accounting-hub/core';
import type { VoucherItemWrite, VoucherWrite } from '../api/wire.js';
import { type PostingCategoryKey, postingCategoryFor } from './categories.js';
import { remarkWith } from './remark.js';

export type CategoryIds = Record<PostingCategoryKey, string>;

/**
 * Voucher items from the hub's grouped items (one per tax rate and revenue category, column-method tax split to
 * the cent). Groups that land on the same lexoffice category (every zero-rated situation has one category) are
 * merged, as the cookbook groups by rate and category. Amounts are net or gross as the voucher's taxType says.
 * Highest rate first, as SEMCO's call log lists them.
 */
export function voucherItems(
  items: readonly BookkeepingItem[],
  taxMode: 'net' | 'gross',
  situation: TaxSituation,
  categoryIds: CategoryIds,
): VoucherItemWrite[] {
  const merged = new Map<string, { rate: number; categoryId: string; amount: Dec; tax: Dec }>();
  for (const item of items) {
    const categoryId = categoryIds[postingCategoryFor(situation, item.category)];
    const key = `${item.taxRate}|${categoryId}`;
    const m = merged.get(key) ?? { rate: item.taxRate, categoryId, amount: new Dec(0), tax: new Dec(0) };
    m.amount = m.amount.plus(taxMode === 'net' ? item.net : item.gross);
    m.tax = m.tax.plus(item.tax);
    merged.set(key, m);
  }
  return [...merged.values()]
    // lexoffice refuses zero positions (notes §14.3); a group whose lines cancel out changes no total.
    .filter((m) => !(m.amount.isZero() && m.tax.isZero()))
    .sort((a, b) => b.rate - a.rate || a.categoryId.localeCompare(b.categoryId))
    .map((m) => ({
      amount: toJsonNumber(m.amount),
      taxAmount: toJsonNumber(m.tax),
      taxRatePercent: m.rate,
      categoryId: m.categoryId,
    }));
}

export interface VoucherDocumentInput {
  type: 'salesinvoice' | 'salescreditnote';
  number: string;
  date: string;
  dueDate: string | undefined;
  shippingDate: string | undefined;
  invoice: Invoice;
  totals: InvoiceTotals;
  items: readonly BookkeepingItem[];
  contactId: string;
  categoryIds: CategoryIds;
  /** The tenant's remark, if any, before our reference. */
  tenantRemark: string | undefined;
  label: string;
  reference: Reference;
}

/**
 * `POST /v1/vouchers`: totals exactly as lexoffice checks them (net: gross = Σ(amount + tax); gross: gross = Σ
 * amount; tax = Σ tax), as JSON numbers printed from the exact decimals. No `version` on POST (notes §4).
 */
export function voucherPayload(v: VoucherDocumentInput): VoucherWrite {
  return {
    type: v.type,
    voucherNumber: v.number,
    voucherDate: v.date,
    ...(v.shippingDate ? { shippingDate: v.shippingDate } : {}),
    ...(v.dueDate ? { dueDate: v.dueDate } : {}),
    totalGrossAmount: toJsonNumber(v.totals.totalGross),
    totalTaxAmount: toJsonNumber(v.totals.totalTax),
    taxType: v.invoice.taxMode,
    useCollectiveContact: false,
    contactId: v.contactId,
    remark: remarkWith(v.tenantRemark, v.label, v.reference),
    voucherItems: voucherItems(v.items, v.invoice.taxMode, v.invoice.taxSituation, v.categoryIds),
  };
}

/** The service date for bookkeeping: the date, or the end of the period (notes §8.1). */
export function voucherShippingDate(invoice: Invoice): string | undefined {
  return invoice.serviceDate ?? invoice.servicePeriod?.end;
}
