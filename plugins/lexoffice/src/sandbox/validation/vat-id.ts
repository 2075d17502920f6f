import type { IssueSpec } from '../http-errors.js';

/**
 * lexoffice checks VAT ids by "the German rules for VAT registration IDs" (notes §5.1). A German id is DE and
 * 9 digits, else `vat_registration_id_invalid_number_9_digits` with args ["DE"], exactly as SEMCO's log shows.
 * UNCERTAIN: the keys for other countries; we check only the general form there.
 */
export function vatIdIssue(vatId: string): IssueSpec | null {
  const source = 'company.vatRegistrationId';
  if (/^DE/i.test(vatId)) {
    return /^DE\d{9}$/.test(vatId) ? null : { i18nKey: 'vat_registration_id_invalid_number_9_digits', source, args: ['DE'] };
  }
  if (!/^[A-Z]{2}[0-9A-Z+*]{2,12}$/.test(vatId)) return { i18nKey: 'vat_registration_id_invalid', source, args: [vatId.slice(0, 2)] };
  return null;
}
