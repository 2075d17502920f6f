/**
 * The fixed parts of a sevdesk account the sandbox serves. Germany is StaticCountry 1 and Customer is category 3
 * (notes §3); the other ids are the sandbox's own (sevdesk's are not documented), which is why the connector
 * reads them from the API instead of hard-coding them.
 */

export const STATIC_COUNTRIES: readonly { id: number; code: string; name: string; nameEn: string }[] = [
  ['DE', 'Deutschland', 'Germany'],
  ['AT', 'Österreich', 'Austria'],
  ['CH', 'Schweiz', 'Switzerland'],
  ['FR', 'Frankreich', 'France'],
  ['NL', 'Niederlande', 'Netherlands'],
  ['BE', 'Belgien', 'Belgium'],
  ['LU', 'Luxemburg', 'Luxembourg'],
  ['IT', 'Italien', 'Italy'],
  ['ES', 'Spanien', 'Spain'],
  ['PL', 'Polen', 'Poland'],
  ['CZ', 'Tschechien', 'Czechia'],
  ['DK', 'Dänemark', 'Denmark'],
  ['SE', 'Schweden', 'Sweden'],
  ['IE', 'Irland', 'Ireland'],
  ['GB', 'Vereinigtes Königreich', 'United Kingdom'],
  ['US', 'Vereinigte Staaten', 'United States'],
].map(([code, name, nameEn], i) => ({ id: i + 1, code: code!, name: name!, nameEn: nameEn! }));

export const EU_COUNTRY_IDS: ReadonlySet<number> = new Set(
  STATIC_COUNTRIES.filter((c) => ['DE', 'AT', 'FR', 'NL', 'BE', 'LU', 'IT', 'ES', 'PL', 'CZ', 'DK', 'SE', 'IE'].includes(c.code)).map((c) => c.id),
);

/** Contact categories (notes §3.1): Supplier 2, Customer 3, Partner 4, Prospect Customer 28. */
export const CONTACT_CATEGORIES: ReadonlySet<number> = new Set([2, 3, 4, 28]);

/** Address categories. UNCERTAIN which id sevdesk uses for "Rechnungsadresse" (notes §3.3: 47 or 43). */
export const ADDRESS_CATEGORIES = [
  { id: 43, name: 'Geschäftsadresse' },
  { id: 47, name: 'Rechnungsadresse' },
  { id: 48, name: 'Lieferadresse' },
  { id: 49, name: 'Privatadresse' },
] as const;

/** CommunicationWayKey ids (notes §3.4). */
export const COMMUNICATION_WAY_KEYS: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8]);

export const UNITIES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]);

export const SEV_USER = {
  id: 1551095,
  sevClientId: 820011,
  username: 'admin@sandbox.example',
  fullname: 'Sandbox Admin',
  firstName: 'Sandbox',
  lastName: 'Admin',
  email: 'admin@sandbox.example',
  role: 'admin',
};

/** A revenue account of the receipt guidance (`/ReceiptGuidance/forRevenue`, Update 2.0). */
export interface RevenueGuide {
  accountDatevId: number;
  accountNumber: string;
  accountName: string;
  description: string;
  rules: Record<number, readonly number[]>;
}

/**
 * 3631 and 3651 are ids seen in a live account (notes §6.3); the others and all account numbers are the sandbox's.
 * The first entry allows rule 1 at 19 % only, so a connector that takes the first account that allows rule 1
 * (instead of one that allows the invoice's rates) books 7 % lines on the wrong account and is refused.
 */
export const REVENUE_GUIDES: readonly RevenueGuide[] = [
  { accountDatevId: 3620, accountNumber: '4560', accountName: 'Provisionserlöse', description: 'Erlöse aus Provisionen', rules: { 1: [19] } },
  {
    accountDatevId: 3631,
    accountNumber: '4400',
    accountName: 'Einnahmen aus dem Verkauf von Waren und Dienstleistungen',
    description: 'Standard revenue',
    rules: { 1: [0, 7, 19], 11: [0] },
  },
  { accountDatevId: 3640, accountNumber: '4125', accountName: 'Steuerfreie innergemeinschaftliche Lieferungen', description: '§ 4 Nr. 1b UStG', rules: { 3: [0, 7, 19] } },
  { accountDatevId: 3645, accountNumber: '4337', accountName: 'Erlöse aus Leistungen nach § 13b UStG', description: 'Reverse charge', rules: { 5: [0] } },
  { accountDatevId: 3650, accountNumber: '4120', accountName: 'Steuerfreie Umsätze § 4 Nr. 1a UStG (Ausfuhren)', description: 'Exports', rules: { 2: [0], 4: [0] } },
  { accountDatevId: 3651, accountNumber: '4338', accountName: 'Nicht steuerbare Umsätze Drittland', description: 'Not taxable in Germany', rules: { 17: [0] } },
];

export const RATE_WORDS: Record<number, string> = { 0: 'ZERO', 5: 'FIVE', 7: 'SEVEN', 16: 'SIXTEEN', 19: 'NINETEEN' };

/** Accounting types of the old bookkeeping system (1.0): 26 Erlöse, 110 Erlösminderung (notes §6.3). */
export const ACCOUNTING_TYPES = [
  { id: 26, name: 'Erlöse', skr03: '8400', skr04: '4400', type: 'R' },
  { id: 110, name: 'Erlösminderung', skr03: '8700', skr04: '4700', type: 'R' },
  { id: 39, name: 'Bürobedarf', skr03: '4930', skr04: '6815', type: 'A' },
] as const;
