import { Dec } from '@accounting-hub/core';

/** lexoffice's amounts are "##.00" (notes §8.2); float noise like 19.000000000000004 fails this. */
export function hasAtMostDecimals(value: number, places: number): boolean {
  if (!Number.isFinite(value)) return false;
  return new Dec(String(value)).decimalPlaces() <= places;
}

export function decOf(value: number): Dec {
  return new Dec(String(value));
}

export const VAT_RATES: readonly number[] = [0, 5, 7, 16, 19];

/**
 * Rates a sales document may use on its relevant date (notes §6.1): 0/5/16 from 2020-07-01 to 2020-12-31,
 * 0/7/19 otherwise. Bookkeeping vouchers accept any rate that was ever valid.
 */
export function ratesValidOn(date: string): readonly number[] {
  return date >= '2020-07-01' && date <= '2020-12-31' ? [0, 5, 16] : [0, 7, 19];
}
