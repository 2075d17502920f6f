import { Dec, type Money, round2 } from '../money/decimal.js';
import { type InvoiceTotals, type TaxMode, exactTax } from './column-method.js';
import type { RevenueCategory, VatRate } from './rates.js';

/** One bookkeeping position: all lines of one tax rate and one revenue category together. */
export interface BookkeepingItem {
  taxRate: VatRate;
  category: RevenueCategory;
  net: Money;
  tax: Money;
  gross: Money;
}

/**
 * Groups invoice lines into bookkeeping items by tax rate and revenue category, as the lexoffice bookkeeping
 * cookbook asks ("Gruppierung von Rechnungspositionen"). The tax of each rate is the column-method tax of the
 * invoice; where one rate spans several categories it is split between them by largest remainder, so that
 * the items add up to the invoice's totals to the cent. Items whose amount is zero are dropped (the tools
 * refuse zero positions); their lines change no total.
 */
export function groupBookkeepingItems(totals: InvoiceTotals): BookkeepingItem[] {
  const groups = new Map<string, { taxRate: VatRate; category: RevenueCategory; amount: Dec }>();
  for (const line of totals.lines) {
    const key = `${line.taxRate}|${line.category}`;
    const g = groups.get(key) ?? { taxRate: line.taxRate, category: line.category, amount: new Dec(0) };
    g.amount = g.amount.plus(line.amount);
    groups.set(key, g);
  }
  const items: BookkeepingItem[] = [];
  for (const rate of totals.rates) {
    const ofRate = [...groups.values()]
      .filter((g) => g.taxRate === rate.taxRate)
      .sort((a, b) => a.category.localeCompare(b.category));
    const taxes = distributeTax(totals.taxMode, rate.taxRate, ofRate.map((g) => g.amount), new Dec(rate.tax));
    ofRate.forEach((g, i) => {
      const tax = taxes[i]!;
      const net = totals.taxMode === 'net' ? g.amount : g.amount.minus(tax);
      const gross = totals.taxMode === 'net' ? g.amount.plus(tax) : g.amount;
      if (g.amount.isZero() && tax.isZero()) return;
      items.push({ taxRate: g.taxRate, category: g.category, net: net.toFixed(2), tax: tax.toFixed(2), gross: gross.toFixed(2) });
    });
  }
  return items;
}

/** Splits `rateTax` over the amounts so each share is within a cent of its exact tax and the shares sum to it. */
function distributeTax(taxMode: TaxMode, taxRate: number, amounts: Dec[], rateTax: Dec): Dec[] {
  const exact = amounts.map((a) => exactTax(taxMode, a, taxRate));
  const shares = exact.map((e) => round2(e));
  let diffCents = rateTax.minus(shares.reduce((acc, s) => acc.plus(s), new Dec(0))).times(100).toNumber();
  const step = new Dec(diffCents > 0 ? '0.01' : '-0.01');
  // Largest remainder: give each missing (or surplus) cent to the share that rounding moved furthest away.
  const order = exact
    .map((e, i) => ({ i, gap: e.minus(shares[i]!).toNumber() }))
    .sort((a, b) => (diffCents > 0 ? b.gap - a.gap : a.gap - b.gap));
  for (let k = 0; diffCents !== 0 && order.length > 0; k++) {
    const idx = order[k % order.length]!.i;
    shares[idx] = shares[idx]!.plus(step);
    diffCents += diffCents > 0 ? -1 : 1;
  }
  return shares;
}
