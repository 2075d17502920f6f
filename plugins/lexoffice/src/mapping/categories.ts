import type { RevenueCategory, TaxSituation } from '@accounting-hub/core';

/**
 * lexoffice posting categories ("Kategorien") for income vouchers, from the bookkeeping cookbook's table
 * (seed 002). Credit vouchers (salescreditnote) take the same ids as the invoice they reduce (the seed's call
 * log books RE21-01041 on "Einnahmen" like RE21-01040).
 */
export const POSTING_CATEGORIES = {
  einnahmen: { id: '8f8664a1-fd86-11e1-a21f-0800200c9a66', name: 'Einnahmen' },
  dienstleistung: { id: '8f8664a0-fd86-11e1-a21f-0800200c9a66', name: 'Dienstleistung' },
  honorar: { id: '8f8664a4-fd86-11e1-a21f-0800200c9a66', name: 'Honorar/Gage' },
  warenverkaeufe: { id: '8f8664a8-fd86-11e1-a21f-0800200c9a66', name: 'Warenverkäufe' },
  kleinunternehmer: { id: '7a1efa0e-6283-4cbf-9583-8e88d3ba5960', name: 'Einnahmen als Kleinunternehmer' },
  // Not used: we book reverse charge as services (below). Kept so the state names it if a tenant needs it.
  bauleistungen13b: { id: 'be32ceb3-684a-485e-b628-4bcc748bac4b', name: 'Bauleistungen §13b' },
  fremdleistungen13b: { id: '380a20cb-d04c-426e-b49c-84c22adfa362', name: 'Fremdleistungen §13b' },
  innergemeinschaftlicheLieferung: { id: '9075a4e3-66de-4795-a016-3889feca0d20', name: 'Innergemeinschaftliche Lieferung' },
  dienstleistungenDrittland: { id: 'ef5b1a6e-f690-4004-9a19-91276348894f', name: 'Dienstleistungen an Drittländer' },
  ausfuhrlieferungenDrittland: { id: '93d24c20-ea84-424e-a731-5e1b78d1e6a9', name: 'Ausfuhrlieferungen an Drittländer' },
} as const;

export type PostingCategoryKey = keyof typeof POSTING_CATEGORIES;
export const POSTING_CATEGORY_KEYS = Object.keys(POSTING_CATEGORIES) as PostingCategoryKey[];

/** Standard-rated revenue: the tenant's revenue category picks lexoffice's. */
const BY_REVENUE_CATEGORY: Record<RevenueCategory, PostingCategoryKey> = {
  revenue: 'einnahmen',
  services: 'dienstleistung',
  fees: 'honorar',
  goods: 'warenverkaeufe',
};

/**
 * The posting category of one line group. Zero-rated situations book on the category that records their legal
 * reason, whatever the revenue category:
 * - small_business: "Einnahmen als Kleinunternehmer" (§19 UStG, 0 % only).
 * - reverse_charge: "Fremdleistungen §13b". lexoffice also has "Bauleistungen §13b" (construction services); the
 *   neutral model does not tell the two apart, and the hub's tenants sell services, so we take Fremdleistungen.
 * - intra_community: "Innergemeinschaftliche Lieferung".
 * - export: goods go to "Ausfuhrlieferungen an Drittländer", everything else to "Dienstleistungen an Drittländer".
 */
export function postingCategoryFor(situation: TaxSituation, category: RevenueCategory): PostingCategoryKey {
  switch (situation) {
    case 'standard':
      return BY_REVENUE_CATEGORY[category];
    case 'small_business':
      return 'kleinunternehmer';
    case 'reverse_charge':
      return 'fremdleistungen13b';
    case 'intra_community':
      return 'innergemeinschaftlicheLieferung';
    case 'export':
      return category === 'goods' ? 'ausfuhrlieferungenDrittland' : 'dienstleistungenDrittland';
  }
}
