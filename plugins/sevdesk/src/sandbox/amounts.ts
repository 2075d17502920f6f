import { Dec } from '@accounting-hub/core';
import { type SdTotals, cents } from './state.js';

/**
 * sevdesk recalculates every sum from the positions (notes pitfall 16). The sandbox rounds each position to cents,
 * then computes the tax once per rate over the positions of that rate (as sevdesk prints it: "MwSt. 19 %: …").
 * UNCERTAIN: whether sevdesk taxes per position or per rate; the two agree whenever a rate has one position, which
 * is how the connector books vouchers.
 */
export interface PositionInput {
  quantity: string;
  price: string;
  discount: string | null;
  taxRate: number;
}

export interface PositionSums {
  sumNet: string;
  sumTax: string;
  sumGross: string;
}

/** Invoice and credit note positions: `showNet` says whether `price` is net or gross (notes §4.1). */
export function documentSums(positions: readonly PositionInput[], showNet: boolean): { positions: PositionSums[]; totals: SdTotals } {
  const amounts = positions.map((p) => {
    const factor = new Dec(100).minus(p.discount ?? 0).dividedBy(100);
    return cents(new Dec(p.quantity).times(p.price).times(factor));
  });
  const byRate = new Map<number, InstanceType<typeof Dec>>();
  positions.forEach((p, i) => {
    byRate.set(p.taxRate, (byRate.get(p.taxRate) ?? new Dec(0)).plus(amounts[i]!));
  });
  let net = new Dec(0);
  let tax = new Dec(0);
  for (const [rate, sum] of byRate) {
    const t = cents(showNet ? sum.times(rate).dividedBy(100) : sum.times(rate).dividedBy(100 + rate));
    tax = tax.plus(t);
    net = net.plus(showNet ? sum : sum.minus(t));
  }
  const perPosition = positions.map((p, i) => {
    const a = amounts[i]!;
    const t = cents(showNet ? a.times(p.taxRate).dividedBy(100) : a.times(p.taxRate).dividedBy(100 + p.taxRate));
    const n = showNet ? a : a.minus(t);
    return { sumNet: n.toFixed(2), sumTax: t.toFixed(2), sumGross: n.plus(t).toFixed(2) };
  });
  return { positions: perPosition, totals: { sumNet: net.toFixed(2), sumTax: tax.toFixed(2), sumGross: net.plus(tax).toFixed(2) } };
}

/** A voucher position: `net` says whether sumNet or sumGross counts; the other is derived. */
export function voucherPositionSums(taxRate: number, net: boolean, sumNet: string, sumGross: string): PositionSums {
  if (net) {
    const n = cents(new Dec(sumNet));
    const t = cents(n.times(taxRate).dividedBy(100));
    return { sumNet: n.toFixed(2), sumTax: t.toFixed(2), sumGross: n.plus(t).toFixed(2) };
  }
  const g = cents(new Dec(sumGross));
  const t = cents(g.times(taxRate).dividedBy(100 + taxRate));
  return { sumNet: g.minus(t).toFixed(2), sumTax: t.toFixed(2), sumGross: g.toFixed(2) };
}

export function addTotals(parts: readonly PositionSums[]): SdTotals {
  const sum = (k: keyof PositionSums) => parts.reduce((acc, p) => acc.plus(p[k]), new Dec(0)).toFixed(2);
  return { sumNet: sum('sumNet'), sumTax: sum('sumTax'), sumGross: sum('sumGross') };
}

/** An amount with the other sign, two places. */
export function negate(s: string): string {
  return new Dec(s).negated().toFixed(2);
}

/** A quantity with the other sign, as many places as it has. */
export function negateQuantity(s: string): string {
  return new Dec(s).negated().toFixed();
}

export function decimalOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Dec(value).toFixed();
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return new Dec(value.trim()).toFixed();
  return null;
}
