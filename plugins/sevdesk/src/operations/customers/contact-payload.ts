import { type ContactPerson, type Customer, validationError } from '@accounting-hub/core';
import type { ContactPayload } from '../../api/payloads.js';
import type { ContactResponse } from '../../api/responses.js';
import type { SevdeskState } from '../../state.js';

/** sevdesk contact categories (notes §3.1): Customer 3. Status 1000 = active (the default 100 is a lead). */
export const CUSTOMER_CATEGORY = 3;
export const ACTIVE = 1000;

/**
 * sevdesk's `gender` holds the salutation. UNCERTAIN: the values sevdesk's UI uses are not documented; "m" and
 * "w" are what public clients send. Other salutations (e.g. "Divers", titles) are not sent.
 */
export function genderOf(salutation: string | undefined): string | null {
  const s = salutation?.trim().toLowerCase();
  if (s === 'herr') return 'm';
  if (s === 'frau') return 'w';
  return null;
}

/**
 * The fields of the customer's contact the connector owns. The tenant's `ref` is sevdesk's `customerNumber`
 * (notes §3.5: store the tenant-side id as customerNumber and upsert by exact look-up), so the customer is found
 * again even when the stored link is lost. Person vs organisation is decided by which name fields are filled.
 */
export function contactFieldsOf(c: Customer): Omit<ContactPayload, 'category' | 'status' | 'parent'> {
  const common = { customerNumber: c.ref, vatNumber: c.vatId ?? null, taxNumber: c.taxNumber ?? null };
  if (c.type === 'company') return { name: c.companyName ?? '', ...common };
  return { surename: c.firstName ?? null, familyname: c.lastName ?? '', gender: genderOf(c.salutation), ...common };
}

export function contactPersonFieldsOf(p: ContactPerson): Omit<ContactPayload, 'category' | 'status' | 'parent'> {
  return { surename: p.firstName ?? null, familyname: p.lastName, gender: genderOf(p.salutation) };
}

/** Empty and missing are the same to sevdesk (it answers "" or null for unset fields). */
function norm(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** Only the fields whose value differs: sevdesk's PUT is a partial update (notes §3.1). */
export function changedFields<T extends Record<string, unknown>>(desired: T, current: Record<string, unknown>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(desired) as (keyof T & string)[]) {
    if (norm(desired[key]) !== norm(current[key])) out[key] = desired[key];
  }
  return out;
}

export function contactDiff(c: Customer, current: ContactResponse): Partial<ContactPayload> {
  return changedFields(contactFieldsOf(c), current as Record<string, unknown>);
}

/** The StaticCountry id for a country code, from the account's own country list (read at testConnection). */
export function countryId(state: SevdeskState, code: string): string {
  const id = state.countries[code.toUpperCase()];
  if (id) return id;
  throw validationError(`sevdesk knows no country with the code ${code} (customer.address.countryCode)`, {
    field: 'customer.address.countryCode',
    providerField: 'country',
    providerKey: 'StaticCountry',
  });
}
