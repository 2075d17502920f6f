import { z } from 'zod';
import type { RevenueAccount } from '../state.js';
import { type BookkeepingSystemVersion, taxTreatment } from './tax-rules.js';

/** sevdesk names rates as words in the receipt guidance ("ZERO", "SEVEN", "NINETEEN"); numbers are read too. */
const RATE_WORDS: Record<string, number> = { ZERO: 0, FIVE: 5, SEVEN: 7, SIXTEEN: 16, NINETEEN: 19 };

export function rateOfWord(word: string): number | undefined {
  const upper = word.trim().toUpperCase();
  if (upper in RATE_WORDS) return RATE_WORDS[upper];
  const n = Number(upper);
  return Number.isFinite(n) ? n : undefined;
}

export const receiptGuide = z.looseObject({
  accountDatevId: z.coerce.string(),
  accountNumber: z.coerce.string().optional(),
  accountName: z.string().optional(),
  allowedTaxRules: z
    .array(z.looseObject({ id: z.coerce.number(), name: z.string().optional(), taxRates: z.array(z.coerce.string()).optional() }))
    .default([]),
  allowedReceiptTypes: z.array(z.string()).optional(),
});
export type ReceiptGuide = z.infer<typeof receiptGuide>;

/** The tax rules the connector books with (one per neutral tax situation). */
export const USED_TAX_RULES: readonly number[] = (['standard', 'small_business', 'reverse_charge', 'intra_community', 'export'] as const).map(
  (s) => taxTreatment(s).taxRule,
);

/**
 * Picks, per tax rule, the revenue account of the account's own receipt guidance (`/ReceiptGuidance/forRevenue`):
 * an account that allows the rule, preferring the one that allows the most rates (the general revenue account
 * allows 0, 7 and 19 % under rule 1), then sevdesk's order. Not hard-coded: account ids and numbers depend on the
 * tenant's chart of accounts (SKR03/SKR04). An override from the options wins for every rule the guidance allows
 * it for; an override the guidance does not list at all is the tenant's choice for every rule (sevdesk answers
 * 422 if a combination is not allowed).
 */
export function resolveRevenueAccounts(guides: readonly ReceiptGuide[], overrideId?: string): Record<string, RevenueAccount> {
  const revenue = guides.filter((g) => !g.allowedReceiptTypes || g.allowedReceiptTypes.length === 0 || g.allowedReceiptTypes.includes('REVENUE'));
  const overrideListed = overrideId !== undefined && revenue.some((g) => g.accountDatevId === overrideId);
  const out: Record<string, RevenueAccount> = {};
  for (const rule of USED_TAX_RULES) {
    if (overrideId !== undefined && !overrideListed) {
      out[String(rule)] = { id: overrideId, number: '', name: '', rates: [] };
      continue;
    }
    const candidates = revenue
      .map((g) => {
        const allowed = g.allowedTaxRules.find((r) => r.id === rule);
        const rates = (allowed?.taxRates ?? []).map(rateOfWord).filter((r): r is number => r !== undefined);
        return { guide: g, allowed, rates };
      })
      .filter((c) => c.allowed !== undefined);
    const preferred = candidates.find((c) => c.guide.accountDatevId === overrideId);
    const best = preferred ?? [...candidates].sort((a, b) => b.rates.length - a.rates.length)[0];
    if (best) {
      out[String(rule)] = {
        id: best.guide.accountDatevId,
        number: best.guide.accountNumber ?? '',
        name: best.guide.accountName ?? '',
        rates: best.rates,
      };
    }
  }
  return out;
}

export const accountingType = z.looseObject({ id: z.coerce.string(), name: z.string().optional(), skr03: z.coerce.string().optional() });
export type AccountingType = z.infer<typeof accountingType>;

/**
 * 1.0: the AccountingType for revenue. Named "Erlöse" in sevdesk's list; id 26 in every public 1.0 integration
 * (notes §6.3), used when the list does not name one (UNCERTAIN: the list's shape is undocumented).
 */
export function resolveAccountingType(types: readonly AccountingType[], overrideId?: string): string {
  if (overrideId) return overrideId;
  const named = types.find((t) => t.name?.trim().toLowerCase() === 'erlöse');
  return named?.id ?? '26';
}

export function isBookkeepingSystemVersion(v: string): v is BookkeepingSystemVersion {
  return v === '1.0' || v === '2.0';
}
