import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal.js';
import { seedInvoices } from '../seeds/index.js';
import { type LineInput, computeTotals } from './column-method.js';
import { groupBookkeepingItems } from './grouping.js';
import type { RevenueCategory, VatRate } from './rates.js';

const line = (unitPrice: string, taxRate: VatRate, category?: RevenueCategory, quantity = '1'): LineInput => ({
  quantity,
  unitPrice,
  taxRate,
  category,
});

describe('groupBookkeepingItems (Gruppierung von Rechnungspositionen)', () => {
  it('makes one item per tax rate and category, like the cookbook turns four positions into two voucher items', () => {
    const t = computeTotals('net', [line('10.00', 19), line('5.00', 7), line('20.00', 19), line('2.50', 7)]);
    expect(groupBookkeepingItems(t)).toEqual([
      { taxRate: 7, category: 'revenue', net: '7.50', tax: '0.53', gross: '8.03' },
      { taxRate: 19, category: 'revenue', net: '30.00', tax: '5.70', gross: '35.70' },
    ]);
  });

  it('keeps a 0 % discount line of Jannik Huber as its own negative item', () => {
    const inv = seedInvoices.jannikHuber;
    expect(groupBookkeepingItems(computeTotals(inv.taxMode, inv.lines))).toEqual([
      { taxRate: 0, category: 'services', net: '-180.00', tax: '0.00', gross: '-180.00' },
      { taxRate: 19, category: 'services', net: '1800.00', tax: '342.00', gross: '2142.00' },
    ]);
  });

  it('splits the column tax of one rate over its categories so that the items add up to it', () => {
    // Each 0.25 @ 19 % has an exact tax of 0.0475 (rounded 0.05), but the rate's column tax is 0.75 × 19 % -> 0.14.
    const t = computeTotals('net', [line('0.25', 19, 'services'), line('0.25', 19, 'goods'), line('0.25', 19, 'fees')]);
    expect(t.rates[0]!.tax).toBe('0.14');
    const items = groupBookkeepingItems(t);
    expect(items.map((i) => i.category)).toEqual(['fees', 'goods', 'services']);
    expect(items.map((i) => i.tax).sort()).toEqual(['0.04', '0.05', '0.05']);
    for (const i of items) expect(i.net).toBe('0.25');
  });

  it('splits a gross invoice the same way, net being what is left of the gross', () => {
    const t = computeTotals('gross', [line('0.05', 19, 'services', '3'), line('0.15', 19, 'goods')]);
    // column: 0.30 × 19 / 119 = 0.0479 -> 0.05; each category 0.15 -> 0.02395 -> 0.02, one gets the missing cent.
    expect(t.rates).toEqual([{ taxRate: 19, net: '0.25', tax: '0.05', gross: '0.30' }]);
    const items = groupBookkeepingItems(t);
    expect(items.map((i) => i.gross)).toEqual(['0.15', '0.15']);
    expect(items.map((i) => i.tax).sort()).toEqual(['0.02', '0.03']);
    for (const i of items) expect(dec(i.net).plus(i.tax).toFixed(2)).toBe(i.gross);
  });

  it('drops items whose lines cancel out, since the tools refuse zero positions', () => {
    const t = computeTotals('net', [line('50.00', 19, 'goods'), line('-50.00', 19, 'goods'), line('10.00', 19, 'services')]);
    expect(groupBookkeepingItems(t)).toEqual([{ taxRate: 19, category: 'services', net: '10.00', tax: '1.90', gross: '11.90' }]);
    expect(groupBookkeepingItems(computeTotals('net', [line('0.00', 7)]))).toEqual([]);
  });

  it('keeps categories whose amounts cancel within a rate, each with its own tax (rate tax 0.00)', () => {
    const t = computeTotals('net', [line('10.00', 19, 'goods'), line('-10.00', 19, 'services')]);
    expect(t.totalTax).toBe('0.00');
    expect(groupBookkeepingItems(t)).toEqual([
      { taxRate: 19, category: 'goods', net: '10.00', tax: '1.90', gross: '11.90' },
      { taxRate: 19, category: 'services', net: '-10.00', tax: '-1.90', gross: '-11.90' },
    ]);
  });
});
