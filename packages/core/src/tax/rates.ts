import { z } from 'zod';

/** The German VAT rates both tools accept (5 % and 16 % from the 2020 reduction stay valid for old invoices). */
export const VAT_RATES = [0, 5, 7, 16, 19] as const;
export const vatRate = z.union(
  [z.literal(0), z.literal(5), z.literal(7), z.literal(16), z.literal(19)],
  { error: 'taxRate must be one of 0, 5, 7, 16, 19' },
);
export type VatRate = z.infer<typeof vatRate>;

/**
 * The tax situation of a whole invoice. Everything except `standard` is a zero-rated case whose
 * legal reason the bookkeeping tool must record with its own category or tax rule.
 */
export const taxSituation = z.enum([
  'standard',
  /** Kleinunternehmer, § 19 UStG: no VAT is charged. */
  'small_business',
  /** Reverse charge, § 13b UStG: the (company) customer owes the VAT. */
  'reverse_charge',
  /** Innergemeinschaftliche Lieferung to a company in another EU state with a VAT id. */
  'intra_community',
  /** Export / service to a third country outside the EU. */
  'export',
]);
export type TaxSituation = z.infer<typeof taxSituation>;

/** Revenue categories the tenant may tag lines with; connectors map them to their posting categories. */
export const revenueCategory = z.enum(['revenue', 'services', 'fees', 'goods']);
export type RevenueCategory = z.infer<typeof revenueCategory>;

export function isZeroRatedSituation(s: TaxSituation): boolean {
  return s !== 'standard';
}
