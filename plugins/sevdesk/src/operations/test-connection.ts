import { type TestConnectionResult, authError, unsupportedError } from '@accounting-hub/core';
import { z } from 'zod';
import { TOKEN_HINT } from '../api/errors.js';
import { LIST_LIMIT, sevdesk } from '../api/request.js';
import { bookkeepingVersion, category, sevUser, staticCountry } from '../api/responses.js';
import { type SevdeskContext, type SevdeskState, toConnectionState } from '../state.js';
import {
  accountingType,
  isBookkeepingSystemVersion,
  receiptGuide,
  resolveAccountingType,
  resolveRevenueAccounts,
} from '../tax/revenue-accounts.js';

const OP = 'testConnection';

/** Notes §3.3: the billing address category is not documented; public code uses 47 most often. */
const FALLBACK_ADDRESS_CATEGORY = '47';

/**
 * Checks the token and reads what bookings need, with reads only (a failed test stores nothing, in sevdesk or in
 * the hub). `/Tools/bookkeepingSystemVersion` first: the cheapest call that needs a valid token, and it selects
 * tax rules (Update 2.0) or tax types (1.0) for this account.
 */
export async function testConnection(ctx: SevdeskContext): Promise<TestConnectionResult> {
  const { version } = await sevdesk(
    ctx,
    { operation: OP, method: 'GET', path: '/Tools/bookkeepingSystemVersion', subject: 'the bookkeeping system version' },
    bookkeepingVersion,
  );
  if (!isBookkeepingSystemVersion(version)) {
    throw unsupportedError(`sevdesk reports bookkeeping system version ${version}, which this connector does not know (it books 1.0 and 2.0).`);
  }
  const users = await sevdesk(
    ctx,
    { operation: OP, method: 'GET', path: '/SevUser', query: { limit: LIST_LIMIT }, subject: 'the sevdesk users' },
    z.array(sevUser),
  );
  // The token's own user is not marked; an admin signs invoices best, any user will do (sevdesk needs one).
  const user = users.find((u) => u.role === 'admin') ?? users[0];
  if (!user) throw authError(`sevdesk lists no user for this API token: ${TOKEN_HINT}.`);

  const countries = await sevdesk(
    ctx,
    { operation: OP, method: 'GET', path: '/StaticCountry', query: { limit: LIST_LIMIT }, subject: 'the country list' },
    z.array(staticCountry),
  );
  const categories = await sevdesk(
    ctx,
    { operation: OP, method: 'GET', path: '/Category', query: { objectType: 'ContactAddress', limit: LIST_LIMIT }, subject: 'the address categories' },
    z.array(category),
  );
  const billing = categories.find((c) => /rechnung/i.test(c.name ?? '')) ?? categories.find((c) => c.id === FALLBACK_ADDRESS_CATEGORY);

  const override = ctx.connection.options.revenueAccountId;
  let revenueAccounts: SevdeskState['revenueAccounts'] = {};
  let accountingTypeId: string | undefined;
  if (version === '2.0') {
    const guides = await sevdesk(
      ctx,
      { operation: OP, method: 'GET', path: '/ReceiptGuidance/forRevenue', subject: 'the revenue accounts' },
      z.array(receiptGuide),
    );
    revenueAccounts = resolveRevenueAccounts(guides, override);
  } else {
    const types = await sevdesk(
      ctx,
      { operation: OP, method: 'GET', path: '/AccountingType', query: { limit: LIST_LIMIT }, subject: 'the accounting types' },
      z.array(accountingType),
    );
    accountingTypeId = resolveAccountingType(types, override);
  }

  const state: SevdeskState = {
    bookkeepingSystemVersion: version,
    sevClientId: user.sevClient?.id ?? '',
    sevUserId: user.id,
    countries: Object.fromEntries(countries.map((c) => [c.code.trim().toUpperCase(), c.id])),
    addressCategoryId: billing?.id ?? FALLBACK_ADDRESS_CATEGORY,
    revenueAccounts,
    ...(accountingTypeId ? { accountingTypeId } : {}),
  };
  const standard = revenueAccounts['1'];
  return {
    account: {
      ...(user.sevClient?.id ? { id: user.sevClient.id } : {}),
      name: user.fullname ?? user.username ?? `sevdesk user ${user.id}`,
      bookkeepingSystemVersion: version,
      taxSystem: version === '2.0' ? 'tax rules (sevdesk-Update 2.0)' : 'tax types (old bookkeeping system 1.0)',
      ...(standard ? { revenueAccount: `${standard.number} ${standard.name}`.trim() } : {}),
    },
    state: toConnectionState(state),
    ...(version === '2.0' && !standard
      ? { unavailable: { vouchers: 'the account offers no revenue account for standard-rated revenue (tax rule 1) in its receipt guidance' } }
      : {}),
  };
}
