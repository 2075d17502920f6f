import { SevdeskApiError } from './errors.js';

/**
 * sevdesk's tax rules of Update 2.0 (notes §1.5, from sevdesk's own tables) as the sandbox enforces them: the
 * position rates each rule allows (422 otherwise), whether vouchers may use it, whether it is revenue at all.
 */
export interface TaxRuleSpec {
  name: string;
  rates: readonly number[];
  revenue: boolean;
  inVouchers: boolean;
  /** UNCERTAIN: the notes do not say sevdesk checks this; the sandbox refuses §13b and EU supplies without one. */
  needsVatNumber: boolean;
}

export const TAX_RULES: Record<number, TaxRuleSpec> = {
  1: { name: 'Umsatzsteuerpflichtige Umsätze', rates: [0, 7, 19], revenue: true, inVouchers: true, needsVatNumber: false },
  2: { name: 'Ausfuhren', rates: [0], revenue: true, inVouchers: true, needsVatNumber: false },
  3: { name: 'Innergemeinschaftliche Lieferungen', rates: [0, 7, 19], revenue: true, inVouchers: true, needsVatNumber: true },
  4: { name: 'Steuerfreie Umsätze §4 UStG', rates: [0], revenue: true, inVouchers: true, needsVatNumber: false },
  5: { name: 'Reverse Charge gem. §13b UStG', rates: [0], revenue: true, inVouchers: true, needsVatNumber: true },
  11: { name: 'Steuer nicht erhoben nach §19 UStG', rates: [0], revenue: true, inVouchers: true, needsVatNumber: false },
  17: { name: 'Nicht im Inland steuerbare Leistung', rates: [0], revenue: true, inVouchers: true, needsVatNumber: false },
  18: { name: 'One-Stop-Shop (goods)', rates: [0, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27], revenue: true, inVouchers: false, needsVatNumber: false },
  19: { name: 'One-Stop-Shop (electronic services)', rates: [0, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27], revenue: true, inVouchers: false, needsVatNumber: false },
  20: { name: 'One-Stop-Shop (other services)', rates: [0, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27], revenue: true, inVouchers: false, needsVatNumber: false },
  21: { name: 'Reverse Charge gem. §18b UStG', rates: [0], revenue: true, inVouchers: false, needsVatNumber: true },
  8: { name: 'Innergemeinschaftliche Erwerbe', rates: [0, 7, 19], revenue: false, inVouchers: true, needsVatNumber: false },
  9: { name: 'Vorsteuerabziehbare Aufwendungen', rates: [0, 7, 19], revenue: false, inVouchers: true, needsVatNumber: false },
  10: { name: 'Nicht vorsteuerabziehbare Aufwendungen', rates: [0], revenue: false, inVouchers: true, needsVatNumber: false },
};

/** Old-system tax types (1.0) and the rates they allow; `custom` needs a tax set the sandbox does not model. */
export const TAX_TYPES: Record<string, readonly number[]> = {
  default: [0, 5, 7, 16, 19],
  eu: [0, 7, 19],
  noteu: [0],
  ss: [0],
};

export function unprocessable(message: string, code: number | null = null): SevdeskApiError {
  return new SevdeskApiError(422, message, code);
}

/** The rule of a revenue document, refused with 422 "Invalid tax rule" the way sevdesk words it (notes §2.3). */
export function revenueRule(id: number, where: string, document: 'invoice' | 'voucher'): TaxRuleSpec {
  const rule = TAX_RULES[id];
  if (!rule?.revenue) throw unprocessable(`${where} Invalid tax rule ${id} for a revenue document`);
  if (document === 'voucher' && !rule.inVouchers) throw unprocessable(`${where} Tax rule ${id} (${rule.name}) can not be used in vouchers`);
  return rule;
}

export function checkRate(rate: number, allowed: readonly number[], where: string, what: string): void {
  if (!allowed.includes(rate)) throw unprocessable(`${where} The tax rate ${rate} is not allowed for ${what} (allowed: ${allowed.join(', ')})`);
}
