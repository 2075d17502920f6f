import { Dec, exactTax, round2 } from '@accounting-hub/core';
import type { IssueSpec } from '../http-errors.js';

export interface VoucherItemAmounts {
  amount: Dec;
  taxAmount: Dec;
  taxRatePercent: number;
}

/**
 * lexoffice's totals check for vouchers (notes §8.2), to the cent:
 * - net: totalGrossAmount = Σ(amount + taxAmount); gross: totalGrossAmount = Σ amount;
 * - totalTaxAmount = Σ taxAmount;
 * - each item's tax is the column-method tax of its amount: round2(amount × rate / 100) for net,
 *   round2(amount × rate / (100 + rate)) for gross.
 * One exception: when several items share a rate (one rate across several categories), the hub computes the tax
 * once for the rate and splits it by largest remainder, so an item may be a cent off its own rounding. Those
 * items are accepted within ±0.01 each as long as together they carry exactly the rate's column tax.
 * UNCERTAIN: lexoffice's real tolerance (the notes assume none); this is the narrowest rule the cookbook's
 * grouping can satisfy.
 */
export function voucherTotalsIssues(
  taxType: 'net' | 'gross',
  items: readonly VoucherItemAmounts[],
  totalGross: Dec,
  totalTax: Dec,
): IssueSpec[] {
  const issues: IssueSpec[] = [];
  const byRate = new Map<number, number[]>();
  items.forEach((item, i) => {
    byRate.set(item.taxRatePercent, [...(byRate.get(item.taxRatePercent) ?? []), i]);
  });
  for (const [rate, indexes] of byRate) {
    const expected = indexes.map((i) => round2(exactTax(taxType, items[i]!.amount, rate)));
    if (indexes.length === 1) {
      const i = indexes[0]!;
      if (!items[i]!.taxAmount.equals(expected[0]!)) issues.push({ i18nKey: 'invalid_value', source: `voucherItems[${i}].taxAmount`, args: [expected[0]!.toFixed(2)] });
      continue;
    }
    const sum = indexes.reduce((acc, i) => acc.plus(items[i]!.amount), new Dec(0));
    const column = round2(exactTax(taxType, sum, rate));
    const carried = indexes.reduce((acc, i) => acc.plus(items[i]!.taxAmount), new Dec(0));
    indexes.forEach((i, k) => {
      if (items[i]!.taxAmount.minus(expected[k]!).abs().greaterThan('0.01')) {
        issues.push({ i18nKey: 'invalid_value', source: `voucherItems[${i}].taxAmount`, args: [expected[k]!.toFixed(2)] });
      }
    });
    if (!carried.equals(column)) issues.push({ i18nKey: 'invalid_value', source: `voucherItems[${indexes[0]}].taxAmount`, args: [column.toFixed(2)] });
  }
  const taxSum = items.reduce((acc, i) => acc.plus(i.taxAmount), new Dec(0));
  const grossSum = items.reduce((acc, i) => acc.plus(taxType === 'net' ? i.amount.plus(i.taxAmount) : i.amount), new Dec(0));
  if (!totalGross.equals(grossSum)) issues.push({ i18nKey: 'invalid_value', source: 'totalGrossAmount', args: [grossSum.toFixed(2)] });
  if (!totalTax.equals(taxSum)) issues.push({ i18nKey: 'invalid_value', source: 'totalTaxAmount', args: [taxSum.toFixed(2)] });
  return issues;
}
