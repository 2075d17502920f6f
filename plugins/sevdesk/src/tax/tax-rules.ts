import { type TaxSituation, unsupportedError } from '@accounting-hub/core';

export type BookkeepingSystemVersion = '1.0' | '2.0';

/**
 * How one neutral tax situation is booked in sevdesk.
 * - Update 2.0: a tax rule (`taxRule: {id, objectName: "TaxRule"}`), ids from sevdesk's tax rule table (notes §1.5).
 * - 1.0: the old `taxType` string; invoices know only default/eu/noteu/custom, so the small business scheme is
 *   `taxType: default` with `smallSettlement: true` on invoices and `taxType: ss` on vouchers.
 * `taxText` is the free text sevdesk prints on invoices (required by the spec, not interpreted by sevdesk).
 */
export interface TaxTreatment {
  /** Tax rule id on Update 2.0 accounts. */
  taxRule: number;
  invoiceTaxType: 'default' | 'eu' | 'noteu' | undefined;
  voucherTaxType: 'default' | 'eu' | 'noteu' | 'ss' | undefined;
  smallSettlement: boolean;
  taxText: string;
}

/**
 * The mapping table. Choices that are tax decisions, not API facts (UNCERTAIN, easy to change here):
 * - `export` is booked as rule 17 "Nicht im Inland steuerbare Leistung" (services to third countries, what a SaaS
 *   sells), not rule 2 "Ausfuhren" (goods leaving the EU). 1.0: `noteu`.
 * - `reverse_charge` is rule 5 "Reverse Charge §13b UStG", as the neutral model defines it (§13b). Rule 21
 *   (§18b, EU B2B services) is not offered: sevdesk refuses it in vouchers. 1.0 had no tax type for §13b
 *   revenue without a custom tax set, which Update 2.0 removed: refused with an explanation.
 */
const TABLE: Record<TaxSituation, TaxTreatment> = {
  standard: {
    taxRule: 1,
    invoiceTaxType: 'default',
    voucherTaxType: 'default',
    smallSettlement: false,
    taxText: 'Umsatzsteuer',
  },
  small_business: {
    taxRule: 11,
    invoiceTaxType: 'default',
    voucherTaxType: 'ss',
    smallSettlement: true,
    taxText: 'Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.',
  },
  reverse_charge: {
    taxRule: 5,
    invoiceTaxType: undefined,
    voucherTaxType: undefined,
    smallSettlement: false,
    taxText: 'Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)',
  },
  intra_community: {
    taxRule: 3,
    invoiceTaxType: 'eu',
    voucherTaxType: 'eu',
    smallSettlement: false,
    taxText: 'Steuerfreie innergemeinschaftliche Lieferung (§ 4 Nr. 1b UStG)',
  },
  export: {
    taxRule: 17,
    invoiceTaxType: 'noteu',
    voucherTaxType: 'noteu',
    smallSettlement: false,
    taxText: 'Nicht im Inland steuerbare Leistung',
  },
};

export function taxTreatment(situation: TaxSituation): TaxTreatment {
  return TABLE[situation];
}

/** The tax fields of an invoice or voucher for the account's bookkeeping system. */
export function taxFieldsFor(
  version: BookkeepingSystemVersion,
  situation: TaxSituation,
  document: 'invoice' | 'voucher',
): { taxRule: { id: number; objectName: 'TaxRule' } } | { taxType: string } {
  const t = TABLE[situation];
  if (version === '2.0') return { taxRule: { id: t.taxRule, objectName: 'TaxRule' } };
  const taxType = document === 'invoice' ? t.invoiceTaxType : t.voucherTaxType;
  if (!taxType) {
    throw unsupportedError(
      `This sevdesk account still uses the old bookkeeping system (1.0), which has no tax type for ${situation.replace('_', ' ')}; book it once the account uses sevdesk-Update 2.0.`,
      { field: 'taxSituation', providerField: 'taxType' },
    );
  }
  return { taxType };
}
