import { SevdeskApiError } from '../errors.js';
import type { SevdeskSandboxState } from '../state.js';
import { TAX_RULES, TAX_TYPES, checkRate, revenueRule, unprocessable } from '../tax-rules.js';
import { type Body, refId, text } from './common.js';

export interface DocumentTax {
  taxRuleId: number | null;
  taxType: string | null;
  allowedRates: readonly number[];
  needsVatNumber: boolean;
}

/**
 * The tax fields of a revenue document as the account's bookkeeping system wants them: a tax rule on Update 2.0
 * (old tax types default/eu/ss are still mapped to rules during the transition, `custom` is refused; notes §1.5),
 * a tax type on 1.0 (UNCERTAIN: what 1.0 does with a tax rule is not documented; the sandbox refuses it so that a
 * connector keeps the two systems apart).
 */
export function documentTax(state: SevdeskSandboxState, doc: Body, prefix: string, kind: 'invoice' | 'voucher'): DocumentTax {
  const ruleId = doc.taxRule === null || doc.taxRule === undefined ? null : refId(doc.taxRule);
  const taxType = text(doc.taxType);
  if (state.bookkeepingSystemVersion === '2.0') {
    if (taxType === 'custom') throw unprocessable(`${prefix}.taxType custom is not possible any more with sevdesk-Update 2.0`);
    const mapped = ruleId ?? (taxType === 'default' ? 1 : taxType === 'eu' ? 3 : taxType === 'ss' ? 11 : null);
    if (mapped === null) throw unprocessable(`${prefix}.taxRule is required`);
    const rule = revenueRule(mapped, `${prefix}.taxRule`, kind);
    return { taxRuleId: mapped, taxType: null, allowedRates: rule.rates, needsVatNumber: rule.needsVatNumber };
  }
  if (ruleId !== null) throw unprocessable(`${prefix}.taxRule is not available in bookkeeping system version 1.0; use taxType`);
  if (taxType === null) throw unprocessable(`${prefix}.taxType is required`);
  const rates = TAX_TYPES[taxType];
  if (!rates) throw unprocessable(`${prefix}.taxType ${taxType} is not supported`);
  return { taxRuleId: null, taxType, allowedRates: rates, needsVatNumber: false };
}

export function checkPositionRate(tax: DocumentTax, rate: number, where: string): void {
  const what = tax.taxRuleId !== null ? `tax rule ${tax.taxRuleId} (${TAX_RULES[tax.taxRuleId]?.name ?? ''})` : `tax type ${tax.taxType ?? ''}`;
  checkRate(rate, tax.allowedRates, where, what);
}

/** UNCERTAIN rule (see TaxRuleSpec.needsVatNumber): reverse charge and EU supplies name the customer's VAT id. */
export function checkVatNumber(state: SevdeskSandboxState, tax: DocumentTax, contactId: number, where: string): void {
  if (!tax.needsVatNumber) return;
  const c = state.contacts.get(contactId);
  const parent = c?.parentId ? state.contacts.get(c.parentId) : undefined;
  if (!c?.vatNumber && !parent?.vatNumber) {
    throw new SevdeskApiError(422, `${where}.vatNumber is required for tax rule ${tax.taxRuleId ?? ''}: the customer's VAT id must be stored at the contact`);
  }
}
