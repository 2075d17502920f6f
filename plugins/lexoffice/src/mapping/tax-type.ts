import type { InvoiceLine, TaxSituation } from '@accounting-hub/core';
import type { TaxType } from '../api/wire.js';

/**
 * lexoffice's `taxConditions.taxType` for an invoice or credit note (notes §6.1):
 * - standard: `net` or `gross` as the tenant's invoice is written.
 * - small_business: `vatfree` (the only type a Kleinunternehmer organisation may create).
 * - reverse_charge: `externalService13b` (Fremdleistungen §13b); `constructionService13b` would be Bauleistungen,
 *   which the neutral model cannot express (same choice as the posting category).
 * - intra_community: `intraCommunitySupply`.
 * - export: `thirdPartyCountryDelivery` when every line is goods, else `thirdPartyCountryService`.
 */
export function taxTypeFor(situation: TaxSituation, taxMode: 'net' | 'gross', lines: readonly Pick<InvoiceLine, 'category'>[]): TaxType {
  switch (situation) {
    case 'standard':
      return taxMode;
    case 'small_business':
      return 'vatfree';
    case 'reverse_charge':
      return 'externalService13b';
    case 'intra_community':
      return 'intraCommunitySupply';
    case 'export':
      return lines.every((l) => l.category === 'goods') ? 'thirdPartyCountryDelivery' : 'thirdPartyCountryService';
  }
}
