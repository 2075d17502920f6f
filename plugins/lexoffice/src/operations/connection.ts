import type { ConnectionState, TestConnectionResult } from '@accounting-hub/core';
import { type LexContext, api } from '../api/request.js';
import { type ProfileRead, postingCategoryList, profileRead } from '../api/wire.js';
import { POSTING_CATEGORIES, POSTING_CATEGORY_KEYS } from '../mapping/categories.js';
import { addMonths } from '../mapping/dates.js';
import { API_KEY_LIFETIME_MONTHS, resolveOptions } from '../manifest.js';

/** Why an API-key connection cannot send invoices by e-mail: the public API has no sendmail (notes §6.3). */
export const SENDMAIL_NEEDS_PARTNER_API = 'sending by e-mail needs the Partner API (connect with OAuth)';

type Unavailable = NonNullable<TestConnectionResult['unavailable']>;

/** What the lexoffice plan of this account lacks, from `businessFeatures` (notes §11). */
function unavailableFor(ctx: LexContext, profile: ProfileRead): Unavailable {
  const out: Unavailable = {};
  if (ctx.connection.auth.kind === 'api_token') out.invoiceEmail = SENDMAIL_NEEDS_PARTNER_API;
  const features = profile.businessFeatures;
  // Only when lexoffice lists features at all: an account that lists none tells us nothing.
  if (features && features.length > 0) {
    if (!features.includes('BOOKKEEPING')) {
      const why = 'the lexoffice plan of this account has no bookkeeping (Buchhaltung)';
      out.vouchers = why;
      out.voucherFiles = why;
      out.voucherCredits = why;
    }
    if (!features.includes('INVOICING')) {
      const why = 'the lexoffice plan of this account has no invoicing (Rechnungen)';
      out.invoices = why;
      out.invoiceFinalize = why;
      out.invoiceEmail = why;
      out.creditNotes = why;
    }
  }
  return out;
}

/**
 * The posting-category ids this account uses, cached in the connection state so bookings do not fetch them.
 * Found by the documented id, else by name (the documented list "is not complete", notes §9).
 */
async function postingCategoryIds(ctx: LexContext): Promise<Record<string, string>> {
  const list = await api(
    ctx,
    { operation: 'testConnection', method: 'GET', path: '/v1/posting-categories', subject: 'the posting categories' },
    postingCategoryList,
  );
  const income = list.filter((c) => c.type === 'income');
  const out: Record<string, string> = {};
  for (const key of POSTING_CATEGORY_KEYS) {
    const known = POSTING_CATEGORIES[key];
    const found = income.find((c) => c.id === known.id) ?? income.find((c) => c.name.toLowerCase() === known.name.toLowerCase());
    if (found) out[key] = found.id;
  }
  return out;
}

/** `GET /v1/profile` proves the credentials and names the account (notes §11). */
export async function testConnection(ctx: LexContext): Promise<TestConnectionResult> {
  const profile = await api(
    ctx,
    { operation: 'testConnection', method: 'GET', path: '/v1/profile', subject: 'the lexoffice account' },
    profileRead,
  );
  const categories = await postingCategoryIds(ctx);
  const state: ConnectionState = {
    organizationId: profile.organizationId,
    // The partner API's connection id: lexoffice's `token.revoked` event names the connection by it.
    ...(profile.connectionId ? { connectionId: profile.connectionId } : {}),
    smallBusiness: profile.smallBusiness ?? false,
    postingCategories: categories,
  };
  const options = resolveOptions(ctx.connection.options);
  const expiresAt =
    ctx.connection.auth.kind === 'api_token' && options.apiKeyCreatedAt
      ? `${addMonths(options.apiKeyCreatedAt, API_KEY_LIFETIME_MONTHS)}T00:00:00Z`
      : undefined;
  const unavailable = unavailableFor(ctx, profile);
  return {
    account: {
      id: profile.organizationId,
      name: profile.companyName ?? profile.organizationId,
      ...(profile.connectionId ? { connectionId: profile.connectionId } : {}),
      ...(profile.taxType ? { taxType: profile.taxType } : {}),
      smallBusiness: profile.smallBusiness ?? false,
      ...(profile.businessFeatures ? { businessFeatures: profile.businessFeatures } : {}),
    },
    ...(expiresAt ? { expiresAt } : {}),
    state,
    ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
  };
}
