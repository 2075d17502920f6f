import { SevdeskApiError } from '../errors.js';
import { type RouteContext, documented, undocumented } from '../openapi/route.js';
import { ACCOUNTING_TYPES, RATE_WORDS, REVENUE_GUIDES } from '../static-data.js';
import { TAX_RULES } from '../tax-rules.js';
import { page, queryOf } from './common.js';

/** Booking accounts: the receipt guidance of Update 2.0, the accounting types of 1.0 (notes §6.3). */
export function accountRoutes(rc: RouteContext): void {
  const { state } = rc;

  documented(rc, 'GET', '/ReceiptGuidance/forRevenue', async () => {
    // UNCERTAIN: what a 1.0 account answers here; the guidance belongs to Update 2.0.
    if (state.bookkeepingSystemVersion !== '2.0') throw new SevdeskApiError(400, 'Receipt guidance is only available with sevdesk-Update 2.0');
    return {
      objects: REVENUE_GUIDES.map((g) => ({
        accountDatevId: g.accountDatevId,
        accountNumber: g.accountNumber,
        accountName: g.accountName,
        description: g.description,
        allowedTaxRules: Object.entries(g.rules).map(([id, rates]) => ({
          id: Number(id),
          name: TAX_RULES[Number(id)]?.name ?? '',
          description: TAX_RULES[Number(id)]?.name ?? '',
          taxRates: rates.map((r) => RATE_WORDS[r] ?? String(r)),
        })),
        allowedReceiptTypes: ['REVENUE'],
      })),
    };
  });

  undocumented(rc, 'GET', '/AccountingType', 'notes §6.3: GET /AccountingType lists the 1.0 accounting types', async (request) =>
    page(
      ACCOUNTING_TYPES.map((t) => ({ id: String(t.id), objectName: 'AccountingType', name: t.name, skr03: t.skr03, skr04: t.skr04, type: t.type, status: '100' })),
      queryOf(request),
    ),
  );
}
