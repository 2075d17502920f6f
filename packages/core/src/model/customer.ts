import { z } from 'zod';
import { requiredText, text } from './primitives.js';

export const salutation = text(25);

export const address = z.strictObject({
  street: text(255).optional(),
  supplement: text(255).optional(),
  zip: text(20).optional(),
  city: text(255).optional(),
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 country code like DE')
    .default('DE'),
});
export type Address = z.infer<typeof address>;

const email = z.email('not a valid e-mail address').max(254);
const phone = text(60).regex(/^[0-9+()\-/. ]*$/, 'phone numbers may hold digits, spaces and + ( ) - / . only');

export const contactPerson = z.strictObject({
  salutation: salutation.optional(),
  firstName: text(255).optional(),
  lastName: requiredText(255),
  email: email.optional(),
  phone: phone.optional(),
});
export type ContactPerson = z.infer<typeof contactPerson>;

/** A customer reference chosen by the tenant (its own customer number or id). */
export const customerRef = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'at most 100 characters')
  .regex(/^[A-Za-z0-9._:@-]+$/, 'may hold letters, digits and . _ : @ - only');

const customerFields = {
  salutation: salutation.optional(),
  firstName: text(255).optional(),
  lastName: text(255).optional(),
  companyName: text(255).optional(),
  /** USt-IdNr., e.g. DE123456789. Format is checked by the bookkeeping tool, not here. */
  vatId: text(20)
    .transform((s) => s.replace(/\s+/g, '').toUpperCase())
    .optional(),
  taxNumber: text(30).optional(),
  address: address.optional(),
  email: email.optional(),
  phone: phone.optional(),
  mobile: phone.optional(),
  contactPerson: contactPerson.optional(),
};

/** Rules across the customer's fields, shared by `customerData` and `customer`. */
function checkCustomerRules(
  c: { type: 'person' | 'company'; lastName?: string | undefined; companyName?: string | undefined; contactPerson?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (c.type === 'person' && !c.lastName?.trim()) {
    ctx.addIssue({ code: 'custom', path: ['lastName'], message: 'a person needs a lastName' });
  }
  if (c.type === 'company' && !c.companyName?.trim()) {
    ctx.addIssue({ code: 'custom', path: ['companyName'], message: 'a company needs a companyName' });
  }
  if (c.type === 'person' && c.contactPerson) {
    ctx.addIssue({ code: 'custom', path: ['contactPerson'], message: 'only a company has a contactPerson' });
  }
}

/**
 * The tenant's customer: a person, or a company with one primary contact person.
 * Only one contact person exists because lexoffice's API can hold only one reliably.
 */
export const customerData = z
  .strictObject({ type: z.enum(['person', 'company']), ...customerFields })
  .superRefine(checkCustomerRules);
export type CustomerData = z.infer<typeof customerData>;

/**
 * A customer together with the tenant's reference for it. Applies the same rules directly (re-parsing the
 * data with `customerData` would report every field issue twice).
 */
export const customer = z
  .strictObject({ ref: customerRef, type: z.enum(['person', 'company']), ...customerFields })
  .superRefine(checkCustomerRules);
export type Customer = z.infer<typeof customer>;

/** A name to show for the customer, as the bookkeeping tools display it. */
export function customerDisplayName(c: Pick<CustomerData, 'type' | 'companyName' | 'firstName' | 'lastName'>): string {
  if (c.type === 'company') return c.companyName ?? '';
  return [c.firstName, c.lastName].filter(Boolean).join(' ');
}
