import { type Customer, customerDisplayName } from '@accounting-hub/core';
import { z } from 'zod';
import { type ContactAddressPayload, contactAddressPayload } from '../../api/payloads.js';
import { LIST_LIMIT, refTo, sevdesk } from '../../api/request.js';
import { contactAddress } from '../../api/responses.js';
import type { SevdeskContext, SevdeskState } from '../../state.js';
import { changedFields, countryId } from './contact-payload.js';
import { addressFields } from './field-maps.js';

const OP = 'upsertCustomer';

/** The address fields the connector owns; `name2` is a non-nullable string in the spec, so "" clears it. */
function desiredAddress(c: Customer, state: SevdeskState): Omit<ContactAddressPayload, 'contact' | 'category'> | null {
  const a = c.address;
  if (!a) return null;
  return {
    street: a.street ?? null,
    zip: a.zip ?? null,
    city: a.city ?? null,
    name: customerDisplayName(c),
    name2: a.supplement ?? '',
    country: refTo('StaticCountry', countryId(state, a.countryCode)),
  };
}

/** Resolves the country before anything is written, so an unknown country creates no half a customer. */
export function checkAddress(c: Customer, state: SevdeskState): void {
  desiredAddress(c, state);
}

/**
 * Creates the billing address, or updates the changed fields of the one sevdesk has. sevdesk keeps addresses
 * apart from the contact (a separate, non-atomic call, notes §3.3). A customer without an address in the hub
 * leaves sevdesk's addresses alone. Returns the number of writes.
 */
export async function syncAddress(ctx: SevdeskContext, state: SevdeskState, contactId: string, c: Customer, isNew: boolean): Promise<number> {
  const desired = desiredAddress(c, state);
  if (!desired) return 0;
  const subject = `the address of ${customerDisplayName(c)}`;
  const existing = isNew
    ? []
    : (
        await sevdesk(
          ctx,
          {
            operation: OP,
            method: 'GET',
            path: '/ContactAddress',
            query: { 'contact[id]': contactId, 'contact[objectName]': 'Contact', limit: LIST_LIMIT },
            subject,
          },
          z.array(contactAddress),
        )
      )
        // sevdesk ignores filters it does not know and answers everything: check the owner here as well.
        .filter((a) => a.contact?.id === contactId);
  const current = existing.find((a) => a.category?.id === state.addressCategoryId) ?? existing[0];
  if (!current) {
    const body = contactAddressPayload.parse({
      contact: refTo('Contact', contactId),
      category: refTo('Category', state.addressCategoryId),
      ...desired,
    });
    await sevdesk(ctx, { operation: OP, method: 'POST', path: '/ContactAddress', json: body, subject, fields: addressFields }, contactAddress);
    return 1;
  }
  const { country, ...rest } = desired;
  const changes: Partial<ContactAddressPayload> = changedFields(rest, current as Record<string, unknown>);
  if (country && current.country?.id !== String(country.id)) changes.country = country;
  if (Object.keys(changes).length === 0) return 0;
  await sevdesk(
    ctx,
    { operation: OP, method: 'PUT', path: `/ContactAddress/${current.id}`, json: contactAddressPayload.parse(changes), subject, fields: addressFields },
    contactAddress,
  );
  return 1;
}
