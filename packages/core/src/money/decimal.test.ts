import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, dec, fromCents, money, round2, sumMoney, toCents, toJsonNumber } from './decimal.js';

describe('money rounding (kaufmännisch: half away from zero)', () => {
  it('rounds .5 of a cent away from zero for positive and negative amounts alike', () => {
    expect(money('0.005')).toBe('0.01');
    expect(money('-0.005')).toBe('-0.01');
    expect(money('2.675')).toBe('2.68');
    expect(money('-2.675')).toBe('-2.68');
    expect(money('1.004999')).toBe('1.00');
    expect(money('-1.004999')).toBe('-1.00');
    expect(round2(dec('-0.105')).toFixed(2)).toBe('-0.11');
  });

  it('does not suffer from binary floats (1.005 is 1.01, which Math.round(1.005 * 100) gets wrong)', () => {
    expect(Math.round(1.005 * 100) / 100).toBe(1); // the float trap
    expect(money('1.005')).toBe('1.01');
    expect(dec('0.1').plus('0.2').toFixed()).toBe('0.3');
  });

  it('never prints a negative zero', () => {
    expect(money('-0.004')).toBe('0.00');
    expect(money('-0')).toBe('0.00');
    expect(sumMoney(['-0.001'])).toBe('0.00');
    expect(sumMoney(['0.01', '-0.014'])).toBe('0.00');
  });

  it('sumMoney adds exactly and prints two places', () => {
    expect(sumMoney([])).toBe('0.00');
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(['1800.00', '-180.00', dec('342')])).toBe('1962.00');
  });

  it('converts to and from integer cents, also for negative amounts', () => {
    expect(toCents('10495.00')).toBe(1049500n);
    expect(toCents('-0.01')).toBe(-1n);
    expect(toCents('0.00')).toBe(0n);
    expect(fromCents(1049500n)).toBe('10495.00');
    expect(fromCents(-5)).toBe('-0.05');
    expect(fromCents(0)).toBe('0.00');
  });

  it('gives JSON numbers that print back as the same decimal (lexoffice takes numbers)', () => {
    expect(toJsonNumber('56.80')).toBe(56.8);
    expect(JSON.stringify({ a: toJsonNumber('1539.00') })).toBe('{"a":1539}');
    expect(toJsonNumber('-10495.00')).toBe(-10495);
  });

  it('cents round-trip and JSON numbers are exact for every amount up to a billion (property, 2000 runs)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -99_999_999_999n, max: 99_999_999_999n }), (cents) => {
        const m = fromCents(cents);
        expect(m).toMatch(/^-?\d+\.\d{2}$/);
        expect(toCents(m)).toBe(cents);
        expect(money(m)).toBe(m);
        expect(new Dec(toJsonNumber(m)).toFixed(2)).toBe(m);
      }),
      { numRuns: 2000 },
    );
  });
});
