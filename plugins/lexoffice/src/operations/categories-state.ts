import { POSTING_CATEGORIES, POSTING_CATEGORY_KEYS, type PostingCategoryKey } from '../mapping/categories.js';
import type { CategoryIds } from '../mapping/voucher.js';
import type { LexContext } from '../api/request.js';

/**
 * The posting-category ids testConnection cached in the connection state, with the documented ids for any the
 * state lacks (a connection made before the cache existed): bookings never fetch the list themselves.
 */
export function categoryIdsOf(ctx: LexContext): CategoryIds {
  const cached = ctx.connection.state.postingCategories;
  const record = typeof cached === 'object' && cached !== null && !Array.isArray(cached) ? cached : {};
  const out = {} as CategoryIds;
  for (const key of POSTING_CATEGORY_KEYS) {
    const value = (record as Record<string, unknown>)[key];
    out[key as PostingCategoryKey] = typeof value === 'string' && value !== '' ? value : POSTING_CATEGORIES[key].id;
  }
  return out;
}
