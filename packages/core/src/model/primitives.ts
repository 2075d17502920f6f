import { z } from 'zod';
import { Dec } from '../money/decimal.js';

/**
 * A calendar date `YYYY-MM-DD` that actually exists (2021-02-30 is refused). Both checks abort, so that a bad
 * date gives one issue and no rule comparing dates (dueDate, servicePeriod) runs on it.
 */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD', abort: true })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: 'not a calendar date', abort: true },
  );
export type IsoDate = z.infer<typeof isoDate>;

/**
 * A decimal amount given as a JSON number or a decimal string ("1800", "1800.00", -180.5).
 * Normalised to a plain decimal string so that no binary float ever takes part in arithmetic.
 */
export function decimalString(opts: { maxDecimals: number; min?: string; max?: string; label?: string }) {
  const label = opts.label ?? 'amount';
  return z
    .union([z.number(), z.string()], { error: `${label} must be a finite number or a decimal string like 1800.00` })
    .transform((value, ctx) => {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a finite number` });
        return z.NEVER;
      }
      const text = typeof value === 'number' ? String(value) : value.trim();
      if (!/^-?\d+(\.\d+)?$/.test(text) && !(typeof value === 'number')) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a decimal like 1800.00` });
        return z.NEVER;
      }
      let d: Dec;
      try {
        d = new Dec(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${label} must be a decimal like 1800.00` });
        return z.NEVER;
      }
      if (d.decimalPlaces() > opts.maxDecimals) {
        ctx.addIssue({ code: 'custom', message: `${label} has more than ${opts.maxDecimals} decimal places` });
        return z.NEVER;
      }
      if (opts.min !== undefined && d.lessThan(opts.min)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at least ${opts.min}` });
        return z.NEVER;
      }
      if (opts.max !== undefined && d.greaterThan(opts.max)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at most ${opts.max}` });
        return z.NEVER;
      }
      return d.toFixed();
    });
}

/** Amounts of money in EUR: two decimal places at most, bounded far above any real invoice. */
export const moneyAmount = decimalString({ maxDecimals: 2, min: '-999999999.99', max: '999999999.99', label: 'amount' });
/** Unit prices may carry four decimals (lexoffice and sevdesk both accept them). */
export const unitPrice = decimalString({ maxDecimals: 4, min: '-999999999', max: '999999999', label: 'unitPrice' });
export const quantity = decimalString({ maxDecimals: 4, min: '-9999999', max: '9999999', label: 'quantity' });
export const percent = decimalString({ maxDecimals: 2, min: '0', max: '100', label: 'discountPercent' });

/** Untrusted free text: trimmed, bounded, no control characters except newline and tab. */
export function text(max: number) {
  return z
    .string()
    .max(max, `at most ${max} characters`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), 'contains control characters');
}
export const requiredText = (max: number) => text(max).trim().min(1, 'must not be empty');

/** Invoice and cancellation numbers: what the tenant printed on the document. */
export const invoiceNumber = requiredText(64);
