import { Dec, type Money, dec, round2 } from '../money/decimal.js';
import type { RevenueCategory, VatRate } from './rates.js';

export type TaxMode = 'net' | 'gross';

export interface LineInput {
  quantity: string;
  unitPrice: string;
  taxRate: VatRate;
  discountPercent?: string | undefined;
  category?: RevenueCategory | undefined;
}

export interface LineAmount {
  index: number;
  taxRate: VatRate;
  category: RevenueCategory;
  /** The line total in the invoice's tax mode (net for net invoices, gross for gross ones), rounded to cents. */
  amount: Money;
}

export interface RateTotal {
  taxRate: VatRate;
  net: Money;
  tax: Money;
  gross: Money;
}

export interface InvoiceTotals {
  taxMode: TaxMode;
  lines: LineAmount[];
  /** One entry per tax rate that occurs, ascending by rate. */
  rates: RateTotal[];
  totalNet: Money;
  totalTax: Money;
  totalGross: Money;
}

/** quantity × unit price × (1 − discount), rounded to cents once, at the end of the line. */
export function lineAmount(line: LineInput): Dec {
  const discount = line.discountPercent ? dec(line.discountPercent) : new Dec(0);
  const factor = new Dec(100).minus(discount).dividedBy(100);
  return round2(dec(line.quantity).times(line.unitPrice).times(factor));
}

/**
 * Tax contained in, or to be added to, a sum of one rate. Net: sum × rate / 100. Gross: sum × rate / (100 + rate).
 * Unrounded, so that callers can round once or distribute.
 */
export function exactTax(taxMode: TaxMode, amount: Dec, taxRate: number): Dec {
  if (taxRate === 0) return new Dec(0);
  return taxMode === 'net'
    ? amount.times(taxRate).dividedBy(100)
    : amount.times(taxRate).dividedBy(100 + taxRate);
}

/**
 * The column method ("Spaltenmethode") of the lexoffice bookkeeping cookbook: sum the line amounts per tax rate,
 * then compute the tax once per rate. For net invoices the tax is added; for gross invoices it is taken out.
 */
export function computeTotals(taxMode: TaxMode, lines: readonly LineInput[]): InvoiceTotals {
  const lineAmounts: LineAmount[] = lines.map((line, index) => ({
    index,
    taxRate: line.taxRate,
    category: line.category ?? 'revenue',
    amount: lineAmount(line).toFixed(2),
  }));
  const byRate = new Map<VatRate, Dec>();
  for (const l of lineAmounts) byRate.set(l.taxRate, (byRate.get(l.taxRate) ?? new Dec(0)).plus(l.amount));
  const rates: RateTotal[] = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([taxRate, sum]) => {
      const tax = round2(exactTax(taxMode, sum, taxRate));
      const net = taxMode === 'net' ? sum : sum.minus(tax);
      const gross = taxMode === 'net' ? sum.plus(tax) : sum;
      return { taxRate, net: net.toFixed(2), tax: tax.toFixed(2), gross: gross.toFixed(2) };
    });
  const total = (pick: (r: RateTotal) => Money) => rates.reduce((acc, r) => acc.plus(pick(r)), new Dec(0)).toFixed(2);
  return {
    taxMode,
    lines: lineAmounts,
    rates,
    totalNet: total((r) => r.net),
    totalTax: total((r) => r.tax),
    totalGross: total((r) => r.gross),
  };
}
