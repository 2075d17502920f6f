import { type ConnectionState, type ConnectorContext, authError } from '@accounting-hub/core';
import { z } from 'zod';
import type { SevdeskCredentials, SevdeskOptions } from './manifest.js';

export type SevdeskContext = ConnectorContext<SevdeskCredentials, SevdeskOptions>;

/** A revenue account the account's receipt guidance allows for one tax rule, with the rates it allows. */
export const revenueAccount = z.object({ id: z.string(), number: z.string(), name: z.string(), rates: z.array(z.number()) });
export type RevenueAccount = z.infer<typeof revenueAccount>;

/**
 * What testConnection learns about a sevdesk account and the hub stores with the connection. Everything a booking
 * needs that the API can tell, so that a booking does not ask again: the bookkeeping system (tax rules or tax
 * types), the SevUser that signs invoices, the country and address category ids, the revenue accounts.
 */
export const sevdeskState = z.object({
  bookkeepingSystemVersion: z.enum(['1.0', '2.0']),
  /** The sevClient (the sevdesk account) the token belongs to. */
  sevClientId: z.string(),
  /** `contactPerson` of invoices: a SevUser, not a contact. */
  sevUserId: z.string(),
  /** ISO 3166 alpha-2 (upper case) → StaticCountry id. */
  countries: z.record(z.string(), z.string()),
  /** The ContactAddress category for billing addresses ("Rechnungsadresse"). */
  addressCategoryId: z.string(),
  /** Update 2.0: tax rule id → the AccountDatev revenue account for it. */
  revenueAccounts: z.record(z.string(), revenueAccount),
  /** 1.0: the AccountingType for revenue ("Erlöse"). */
  accountingTypeId: z.string().optional(),
});
export type SevdeskState = z.infer<typeof sevdeskState>;

export function toConnectionState(state: SevdeskState): ConnectionState {
  return state as unknown as ConnectionState;
}

/** The stored state, or an auth error asking for "Test connection": a connection made before it cannot book. */
export function readState(ctx: SevdeskContext): SevdeskState {
  const parsed = sevdeskState.safeParse(ctx.connection.state);
  if (parsed.success) return parsed.data;
  throw authError('The sevdesk connection lacks its account details: run "Test connection" again to read them from sevdesk.');
}
