import { describe, expect, it } from 'vitest';
import { Dec, dec, round2 } from '../money/decimal.js';
import { type LineInput, type TaxMode, computeTotals, exactTax, lineAmount } from './column-method.js';
import type { VatRate } from './rates.js';

const line = (unitPrice: string, taxRate: VatRate, quantity = '1', discountPercent?: string): LineInput => ({
  quantity,
  unitPrice,
  taxRate,
  discountPercent,
});

/** The line method ("Zeilenmethode") the cookbook contrasts: tax per line, rounded per line, then summed. */
function lineMethodTax(taxMode: TaxMode, lines: LineInput[]): string {
  return lines
    .reduce((acc, l) => acc.plus(round2(exactTax(taxMode, lineAmount(l), l.taxRate))), new Dec(0))
    .toFixed(2);
}

describe('column method (Spaltenmethode)', () => {
  it('adds the tax once per rate (column method), not per line', () => {
    // 3 × 0.25 @ 19 %: per line 0.0475 -> 0.05, three times 0.15; per column 0.75 × 19 % = 0.1425 -> 0.14.
    const lines = [line('0.25', 19), line('0.25', 19), line('0.25', 19)];
    expect(lineMethodTax('net', lines)).toBe('0.15');
    const t = computeTotals('net', lines);
    expect(t.rates).toEqual([{ taxRate: 19, net: '0.75', tax: '0.14', gross: '0.89' }]);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['0.75', '0.14', '0.89']);
  });

  it('finds tax where the line method finds none (3 × 0.02 @ 19 %: 0.01 instead of 0.00)', () => {
    const lines = [line('0.02', 19), line('0.02', 19), line('0.02', 19)];
    expect(lineMethodTax('net', lines)).toBe('0.00');
    expect(computeTotals('net', lines).totalTax).toBe('0.01');
  });

  it('differs from the line method by several cents when many small lines round the same way (10 × 0.10 @ 7 %)', () => {
    const lines = Array.from({ length: 10 }, () => line('0.10', 7));
    expect(lineMethodTax('net', lines)).toBe('0.10');
    const t = computeTotals('net', lines);
    expect(t.totalTax).toBe('0.07');
    expect(t.totalGross).toBe('1.07');
  });

  it('takes the tax out of gross invoices per rate: 119.00 @ 19 % is 100.00 + 19.00', () => {
    const t = computeTotals('gross', [line('119.00', 19)]);
    expect(t.rates).toEqual([{ taxRate: 19, net: '100.00', tax: '19.00', gross: '119.00' }]);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['100.00', '19.00', '119.00']);
  });

  it('takes 0.65 tax out of 10.00 gross @ 7 % (10 × 7 / 107 = 0.654…), leaving 9.35 net', () => {
    const t = computeTotals('gross', [line('10.00', 7)]);
    expect(t.rates).toEqual([{ taxRate: 7, net: '9.35', tax: '0.65', gross: '10.00' }]);
  });

  it('sums gross lines per rate before taking the tax out (6 × 0.05 gross @ 19 %: 0.05, not 6 × 0.01)', () => {
    // per line 0.05 × 19 / 119 = 0.00798 -> 0.01, six times 0.06; per column 0.30 × 19 / 119 = 0.0479 -> 0.05.
    const six = Array.from({ length: 6 }, () => line('0.05', 19));
    expect(lineMethodTax('gross', six)).toBe('0.06');
    const t = computeTotals('gross', six);
    expect(t.rates).toEqual([{ taxRate: 19, net: '0.25', tax: '0.05', gross: '0.30' }]);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['0.25', '0.05', '0.30']);
  });

  it('keeps one entry per rate, ascending, with net + tax = gross each and in total', () => {
    const t = computeTotals('net', [line('10', 19), line('10', 0), line('10', 7), line('10', 19), line('10', 5), line('10', 16)]);
    expect(t.rates.map((r) => r.taxRate)).toEqual([0, 5, 7, 16, 19]);
    expect(t.rates.map((r) => r.tax)).toEqual(['0.00', '0.50', '0.70', '1.60', '3.80']);
    for (const r of t.rates) expect(dec(r.net).plus(r.tax).toFixed(2)).toBe(r.gross);
    expect(dec(t.totalNet).plus(t.totalTax).toFixed(2)).toBe(t.totalGross);
    expect(t.lines.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('defaults the category of a line to revenue and keeps a given one', () => {
    const t = computeTotals('net', [line('1', 19), { ...line('1', 19), category: 'goods' }]);
    expect(t.lines.map((l) => l.category)).toEqual(['revenue', 'goods']);
  });

  it('gives zero totals for no lines', () => {
    const t = computeTotals('net', []);
    expect(t.rates).toEqual([]);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['0.00', '0.00', '0.00']);
  });
});

describe('line amounts', () => {
  it('applies a line discount before rounding: 1,800.00 less 10 % is 1,620.00', () => {
    expect(lineAmount(line('1800.00', 19, '1', '10')).toFixed(2)).toBe('1620.00');
    expect(lineAmount(line('1800.00', 19, '1', '0')).toFixed(2)).toBe('1800.00');
    expect(lineAmount(line('1800.00', 19, '1', '100')).toFixed(2)).toBe('0.00');
  });

  it('rounds a discounted line once, at the end (12.5 % off 99.99 is 87.49125 -> 87.49)', () => {
    expect(lineAmount(line('99.99', 19, '1', '12.5')).toFixed(2)).toBe('87.49');
    // 3 × 0.35 less 33.33 % = 0.700035 -> 0.70; rounding the unit price first would give 3 × 0.23 = 0.69.
    expect(lineAmount(line('0.35', 19, '3', '33.33')).toFixed(2)).toBe('0.70');
  });

  it('multiplies decimal quantities exactly (2.5 × 19.99 = 49.975 -> 49.98; 0.75 h × 80.00 = 60.00)', () => {
    expect(lineAmount(line('19.99', 19, '2.5')).toFixed(2)).toBe('49.98');
    expect(lineAmount(line('80.00', 19, '0.75')).toFixed(2)).toBe('60.00');
    expect(lineAmount(line('0.3333', 19, '1.5')).toFixed(2)).toBe('0.50'); // 0.49995
    expect(lineAmount(line('1.1', 19, '0.0001')).toFixed(2)).toBe('0.00');
  });

  it('keeps four decimals of a unit price until the line is rounded (1,000 × 0.1234 = 123.40; 3 × 0.3333 = 1.00)', () => {
    expect(lineAmount(line('0.1234', 19, '1000')).toFixed(2)).toBe('123.40');
    expect(lineAmount(line('0.3333', 19, '3')).toFixed(2)).toBe('1.00'); // 0.9999
    expect(lineAmount(line('0.0049', 19, '1')).toFixed(2)).toBe('0.00');
    expect(lineAmount(line('0.0050', 19, '1')).toFixed(2)).toBe('0.01');
  });

  it('rounds negative lines half away from zero (-0.005 -> -0.01, -2.5 × 0.999 = -2.4975 -> -2.50)', () => {
    expect(lineAmount(line('-0.0050', 19, '1')).toFixed(2)).toBe('-0.01');
    expect(lineAmount(line('0.999', 19, '-2.5')).toFixed(2)).toBe('-2.50');
    expect(lineAmount(line('-0.0049', 19, '1')).toFixed(2)).toBe('0.00');
  });

  it('rounds the tax of a negative rate sum half away from zero (-1.50 @ 7 % is -0.11, as 1.50 is 0.11)', () => {
    expect(computeTotals('net', [line('1.50', 7)]).totalTax).toBe('0.11');
    expect(computeTotals('net', [line('-1.50', 7)]).totalTax).toBe('-0.11');
    const t = computeTotals('net', [line('-1.50', 7)]);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['-1.50', '-0.11', '-1.61']);
    // Gross: -0.25 @ 7 %: 0.25 × 7 / 107 = 0.01635… -> -0.02, net -0.23.
    expect(computeTotals('gross', [line('-0.25', 7)]).rates).toEqual([{ taxRate: 7, net: '-0.23', tax: '-0.02', gross: '-0.25' }]);
  });

  it('lets negative lines (discounts, credits) reduce the sum of their rate before the tax is computed', () => {
    const t = computeTotals('net', [line('100.00', 19), line('-0.05', 19)]);
    // 99.95 × 19 % = 18.9905 -> 18.99; the line method would give 19.00 - 0.01 = 18.99 too; the sum is what counts.
    expect(t.rates).toEqual([{ taxRate: 19, net: '99.95', tax: '18.99', gross: '118.94' }]);
    const t2 = computeTotals('net', [line('0.03', 19), line('-0.05', 19, '1'), line('0.03', 19)]);
    // per line: 0.0057 -> 0.01, -0.0095 -> -0.01, 0.01: 0.01; column: 0.01 × 19 % = 0.0019 -> 0.00.
    expect(lineMethodTax('net', [line('0.03', 19), line('-0.05', 19), line('0.03', 19)])).toBe('0.01');
    expect(t2.totalTax).toBe('0.00');
    expect(t2.totalGross).toBe('0.01');
  });

  it('exactTax is unrounded and zero for 0 %', () => {
    expect(exactTax('net', dec('0.25'), 19).toFixed()).toBe('0.0475');
    expect(exactTax('gross', dec('107'), 7).toFixed()).toBe('7');
    expect(exactTax('net', dec('123.45'), 0).isZero()).toBe(true);
    expect(exactTax('gross', dec('123.45'), 0).isZero()).toBe(true);
  });
});
