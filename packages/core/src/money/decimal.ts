import { Decimal as DecimalBase } from 'decimal.js';

/**
 * decimal.js with commercial rounding (half away from zero, "kaufmännisch runden") and enough precision
 * that no intermediate product of quantity, price and rate is ever rounded early.
 */
export const Dec = DecimalBase.clone({ precision: 50, rounding: DecimalBase.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

/** An amount of money: a decimal string with exactly two places, e.g. "1962.00". */
export type Money = string;

export function dec(value: string | number | Dec): Dec {
  return new Dec(value);
}

/** Round to cents, half away from zero (ROUND_HALF_UP in decimal.js rounds away from zero for negatives). */
export function round2(value: Dec): Dec {
  return value.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}

export function money(value: string | number | Dec): Money {
  return round2(new Dec(value)).toFixed(2);
}

export function sumMoney(values: readonly (string | Dec)[]): Money {
  // Round before printing: toFixed(2) alone prints a sum in (-0.005, 0) as "-0.00".
  return round2(values.reduce<Dec>((acc, v) => acc.plus(v), new Dec(0))).toFixed(2);
}

/** Integer cents for comparisons and for APIs that want them. */
export function toCents(value: Money | Dec): bigint {
  return BigInt(new Dec(value).times(100).toFixed(0));
}

export function fromCents(cents: bigint | number): Money {
  return new Dec(cents.toString()).dividedBy(100).toFixed(2);
}

/**
 * A JSON number for APIs that take numbers (lexoffice). Safe because every two-place amount below 2^53 cents
 * prints back as the same decimal: JSON.stringify(Number("56.80")) is "56.8".
 */
export function toJsonNumber(value: Money | Dec): number {
  return Number(new Dec(value).toFixed());
}
