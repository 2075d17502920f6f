import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedInvoiceInputs } from '../seeds/index.js';
import { invoice } from './invoice.js';
import { decimalString, isoDate, moneyAmount, percent, quantity, unitPrice } from './primitives.js';

function firstIssue(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, v: unknown) {
  const r = schema.safeParse(v);
  return r.success ? null : r.error!.issues[0]!.message;
}

describe('decimal inputs: JSON numbers and decimal strings, never binary floats', () => {
  it('accepts "1800", 1800 and "1800.00" and normalises them to the same decimal string', () => {
    expect(unitPrice.parse('1800')).toBe('1800');
    expect(unitPrice.parse(1800)).toBe('1800');
    expect(unitPrice.parse('1800.00')).toBe('1800');
    expect(unitPrice.parse(' 1800.50 ')).toBe('1800.5');
    expect(unitPrice.parse(-180)).toBe('-180');
    expect(unitPrice.parse('-180.00')).toBe('-180');
    expect(unitPrice.parse('-0')).toBe('0');
    expect(unitPrice.parse(-0)).toBe('0');
    expect(unitPrice.parse('0.1234')).toBe('0.1234');
    expect(quantity.parse(2.5)).toBe('2.5');
  });

  it('refuses thousands separators, decimal commas, exponents and other non-decimals', () => {
    for (const bad of ['1,800.00', '1.800,00', '1800,00', '1e3', '1E3', '+5', '.5', '5.', '', ' ', 'abc', '0x10', '1_000', '12 34']) {
      expect(firstIssue(unitPrice, bad), JSON.stringify(bad)).toBe('unitPrice must be a decimal like 1800.00');
    }
  });

  it('refuses a float that is no short decimal (0.1 + 0.2) instead of rounding it', () => {
    expect(firstIssue(unitPrice, 0.1 + 0.2)).toBe('unitPrice has more than 4 decimal places');
    expect(firstIssue(moneyAmount, 0.1 + 0.2)).toBe('amount has more than 2 decimal places');
    expect(moneyAmount.parse(0.3)).toBe('0.3');
  });

  it('refuses NaN, Infinity and -Infinity with a message that says why', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const msg = firstIssue(unitPrice, bad);
      expect(msg, String(bad)).not.toBeNull();
      expect(msg, String(bad)).toMatch(/unitPrice must be a finite number/);
    }
  });

  it('refuses numbers whose shortest form is an exponent (1e21, 1e-7)', () => {
    expect(firstIssue(unitPrice, 1e21)).toBe('unitPrice must be at most 999999999');
    expect(firstIssue(unitPrice, 1e-7)).toBe('unitPrice has more than 4 decimal places');
  });

  it('refuses other types (booleans, null, objects)', () => {
    for (const bad of [true, null, {}, [1]]) expect(unitPrice.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('bounds each kind: money 2 places, unit prices and quantities 4, percent 0..100', () => {
    expect(moneyAmount.parse('999999999.99')).toBe('999999999.99');
    expect(firstIssue(moneyAmount, '1000000000')).toBe('amount must be at most 999999999.99');
    expect(firstIssue(moneyAmount, '1.005')).toBe('amount has more than 2 decimal places');
    expect(firstIssue(unitPrice, '0.00001')).toBe('unitPrice has more than 4 decimal places');
    expect(firstIssue(quantity, '10000000')).toBe('quantity must be at most 9999999');
    expect(percent.parse('100')).toBe('100');
    expect(firstIssue(percent, '-0.01')).toBe('discountPercent must be at least 0');
    const custom = decimalString({ maxDecimals: 0, min: '1', label: 'count' });
    expect(firstIssue(custom, '0')).toBe('count must be at least 1');
    expect(firstIssue(custom, 1.5)).toBe('count has more than 0 decimal places');
  });

  it('puts the issue at the line field of the invoice', () => {
    const base = seedInvoiceInputs.jodelUndSoehne;
    const r = invoice.safeParse({ ...base, lines: [{ ...base.lines[0], quantity: '1,5' }] });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['lines.0.quantity', 'quantity must be a decimal like 1800.00']]);
    const r2 = invoice.safeParse({ ...base, lines: [{ ...base.lines[0], unitPrice: Number.NaN }] });
    expect(r2.error?.issues.map((i) => i.path.join('.'))).toEqual(['lines.0.unitPrice']);
  });

  it('every decimal string with up to 4 places parses to the same value in canonical form (property, 2000 runs)', () => {
    const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 999_999_998 }),
        fc.array(digit, { maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (neg, int, frac, extraZeros) => {
          const text = `${neg ? '-' : ''}${'0'.repeat(extraZeros)}${int}${frac.length ? `.${frac.join('')}` : ''}`;
          const parsed = unitPrice.parse(text);
          // Canonical: no leading or trailing zeros, no "-0".
          expect(parsed).toMatch(/^(0|-?(0\.\d*[1-9]|[1-9]\d*(\.\d*[1-9])?))$/);
          // Same value: compare as integers of 1/10000.
          const scaled = (v: string) => {
            const [i, f = ''] = v.replace('-', '').split('.');
            const n = BigInt(i!) * 10_000n + BigInt(f.padEnd(4, '0'));
            return v.startsWith('-') ? -n : n;
          };
          expect(scaled(parsed)).toBe(scaled(text));
          // The same value as a JSON number gives the same string.
          expect(unitPrice.parse(Number(text))).toBe(parsed);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
    expect(isoDate.safeParse('2021-02-29').success).toBe(false);
    expect(isoDate.safeParse('2021-13-01').success).toBe(false);
    expect(isoDate.safeParse('2021-01-27T00:00:00Z').success).toBe(false);
  });
});
