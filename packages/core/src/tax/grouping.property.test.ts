import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, toCents } from '../money/decimal.js';
import { type InvoiceTotals, type LineInput, type TaxMode, computeTotals, exactTax } from './column-method.js';
import { type BookkeepingItem, groupBookkeepingItems } from './grouping.js';
import { type RevenueCategory, VAT_RATES, type VatRate, revenueCategory } from './rates.js';

const NUM_RUNS = 2000;

const rateArb = fc.constantFrom<VatRate>(...VAT_RATES);
const categoryArb = fc.constantFrom<RevenueCategory>(...revenueCategory.options);
/** Cents, negatives included, with small amounts (where rounding bites) as likely as large ones. */
const centsArb = fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -10_000_000, max: 10_000_000 }));
const fromCentsStr = (c: number) => dec(c).dividedBy(100).toFixed();
const quantityArb = fc.oneof(
  fc.constant('1'),
  fc.integer({ min: 1, max: 50 }).map(String),
  fc.integer({ min: -200_000, max: 200_000 }).map((n) => dec(n).dividedBy(10_000).toFixed()),
);
const discountArb = fc.option(fc.integer({ min: 0, max: 10_000 }).map((n) => dec(n).dividedBy(100).toFixed()), { nil: undefined });

const lineArb: fc.Arbitrary<LineInput> = fc.record({
  quantity: quantityArb,
  unitPrice: centsArb.map(fromCentsStr),
  taxRate: rateArb,
  discountPercent: discountArb,
  category: fc.option(categoryArb, { nil: undefined }),
});
const modeArb = fc.constantFrom<TaxMode>('net', 'gross');

/** Integer division rounding half away from zero (d > 0): an oracle independent of decimal.js. */
function divRoundHalfAway(n: bigint, d: bigint): bigint {
  const a = n < 0n ? -n : n;
  const q = (2n * a + d) / (2n * d);
  return n < 0n ? -q : q;
}

/** The column tax of one rate in cents, from the sum of its line amounts in cents. */
function columnTaxCents(mode: TaxMode, sumCents: bigint, rate: number): bigint {
  if (rate === 0) return 0n;
  const r = BigInt(rate);
  return mode === 'net' ? divRoundHalfAway(sumCents * r, 100n) : divRoundHalfAway(sumCents * r, 100n + r);
}

const sumCents = (values: string[]) => values.reduce((acc, v) => acc + toCents(v), 0n);
const itemAmount = (mode: TaxMode, i: BookkeepingItem) => (mode === 'net' ? i.net : i.gross);

function checkItems(totals: InvoiceTotals, items: BookkeepingItem[]): void {
  const mode = totals.taxMode;
  // Σ items equal the invoice totals exactly.
  expect(sumCents(items.map((i) => i.net))).toBe(toCents(totals.totalNet));
  expect(sumCents(items.map((i) => i.tax))).toBe(toCents(totals.totalTax));
  expect(sumCents(items.map((i) => i.gross))).toBe(toCents(totals.totalGross));

  // Per rate, Σ item tax is the rate's column tax, which is the tax of the rate's summed lines, rounded once.
  for (const rate of totals.rates) {
    const lineSum = sumCents(totals.lines.filter((l) => l.taxRate === rate.taxRate).map((l) => l.amount));
    expect(toCents(rate.tax)).toBe(columnTaxCents(mode, lineSum, rate.taxRate));
    expect(sumCents(items.filter((i) => i.taxRate === rate.taxRate).map((i) => i.tax))).toBe(toCents(rate.tax));
  }

  const seen = new Set<string>();
  for (const item of items) {
    // Each (rate, category) at most once.
    const key = `${item.taxRate}|${item.category}`;
    expect(seen.has(key), `duplicate item ${key}`).toBe(false);
    seen.add(key);
    // Two places, net + tax = gross.
    for (const m of [item.net, item.tax, item.gross]) expect(m).toMatch(/^-?\d+\.\d{2}$/);
    expect(toCents(item.net) + toCents(item.tax)).toBe(toCents(item.gross));
    // No zero items: the amount booked is never zero (and hence neither is the item).
    expect(toCents(itemAmount(mode, item))).not.toBe(0n);
    // Item amount is the sum of its lines; its tax within a cent of the exact tax of that amount.
    const lines = totals.lines.filter((l) => l.taxRate === item.taxRate && l.category === item.category);
    expect(toCents(itemAmount(mode, item))).toBe(sumCents(lines.map((l) => l.amount)));
    const exact = exactTax(mode, dec(itemAmount(mode, item)), item.taxRate);
    expect(dec(item.tax).minus(exact).abs().lessThanOrEqualTo('0.01'), `item ${key} tax ${item.tax} vs exact ${exact}`).toBe(true);
    if (item.taxRate === 0) expect(item.tax).toBe('0.00');
  }
  // Every (rate, category) whose lines do not cancel out has its item.
  const groups = new Map<string, bigint>();
  for (const l of totals.lines) {
    const key = `${l.taxRate}|${l.category}`;
    groups.set(key, (groups.get(key) ?? 0n) + toCents(l.amount));
  }
  for (const [key, cents] of groups) if (cents !== 0n) expect(seen.has(key), `missing item ${key}`).toBe(true);
}

describe(`groupBookkeepingItems properties (${NUM_RUNS} runs each)`, () => {
  it('items add up to the invoice totals exactly, per rate to the column tax, each within a cent of its exact tax', () => {
    fc.assert(
      fc.property(modeArb, fc.array(lineArb, { minLength: 1, maxLength: 25 }), (mode, lines) => {
        const totals = computeTotals(mode, lines);
        checkItems(totals, groupBookkeepingItems(totals));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('holds when many small lines of one rate spread over every category (where the cents must be distributed)', () => {
    const smallLine = fc.record({
      quantity: fc.constant('1'),
      unitPrice: fc.integer({ min: -99, max: 99 }).map(fromCentsStr),
      taxRate: fc.constantFrom<VatRate>(5, 7, 16, 19),
      category: categoryArb,
    });
    fc.assert(
      fc.property(modeArb, fc.array(smallLine, { minLength: 1, maxLength: 40 }), (mode, lines) => {
        const totals = computeTotals(mode, lines);
        checkItems(totals, groupBookkeepingItems(totals));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('column totals: per rate and in total, net + tax = gross and the totals are the sums of the rates', () => {
    fc.assert(
      fc.property(modeArb, fc.array(lineArb, { minLength: 1, maxLength: 25 }), (mode, lines) => {
        const t = computeTotals(mode, lines);
        expect(t.rates.map((r) => r.taxRate)).toEqual([...new Set(lines.map((l) => l.taxRate))].sort((a, b) => a - b));
        for (const r of t.rates) expect(toCents(r.net) + toCents(r.tax)).toBe(toCents(r.gross));
        expect(sumCents(t.rates.map((r) => r.net))).toBe(toCents(t.totalNet));
        expect(sumCents(t.rates.map((r) => r.tax))).toBe(toCents(t.totalTax));
        expect(sumCents(t.rates.map((r) => r.gross))).toBe(toCents(t.totalGross));
        const modeTotal = mode === 'net' ? t.totalNet : t.totalGross;
        expect(sumCents(t.lines.map((l) => l.amount))).toBe(toCents(modeTotal));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reversing every line (a cancellation) reverses every item exactly', () => {
    fc.assert(
      fc.property(modeArb, fc.array(lineArb, { minLength: 1, maxLength: 25 }), (mode, lines) => {
        const negated = lines.map((l) => ({ ...l, unitPrice: dec(l.unitPrice).negated().toFixed() }));
        const items = groupBookkeepingItems(computeTotals(mode, lines));
        const reversed = groupBookkeepingItems(computeTotals(mode, negated));
        const neg = (m: string) => dec(m).negated().toFixed(2);
        const flip = (i: BookkeepingItem) => ({ ...i, net: neg(i.net), tax: neg(i.tax), gross: neg(i.gross) });
        expect(reversed.map((i) => [i.taxRate, i.category, toCents(i.net), toCents(i.tax), toCents(i.gross)])).toEqual(
          items.map(flip).map((i) => [i.taxRate, i.category, toCents(i.net), toCents(i.tax), toCents(i.gross)]),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
