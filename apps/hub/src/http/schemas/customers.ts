import { customerData, customerRef } from '@accounting-hub/core';
import { z } from 'zod';
import { timestamp } from './common.js';

export const customerParams = z.strictObject({ ref: customerRef.describe("The tenant's own reference (customer number or id)") });

/** PUT body: core's customer master data, as the tenant keeps it. */
export const customerBody = customerData;

export const customerPatch = z.strictObject({
  syncDisabled: z.boolean().describe('true: invoices still go out, the master data is no longer pushed to the tool'),
});

// Answers are plain data (the stored, already validated values), so their schemas carry no transforms.
const text = z.string();
const addressOut = z.object({
  street: text.optional(),
  supplement: text.optional(),
  zip: text.optional(),
  city: text.optional(),
  countryCode: text,
});
const contactPersonOut = z.object({
  salutation: text.optional(),
  firstName: text.optional(),
  lastName: text,
  email: text.optional(),
  phone: text.optional(),
});

/** The customer's fields as stored (shared by the customer answer and the invoice's customer). */
export const customerDataOut = {
  type: z.enum(['person', 'company']),
  salutation: text.optional(),
  firstName: text.optional(),
  lastName: text.optional(),
  companyName: text.optional(),
  vatId: text.optional(),
  taxNumber: text.optional(),
  address: addressOut.optional(),
  email: text.optional(),
  phone: text.optional(),
  mobile: text.optional(),
  contactPerson: contactPersonOut.optional(),
};

export const customerView = z
  .object({
    ref: text,
    ...customerDataOut,
    syncDisabled: z.boolean(),
    remote: z
      .object({
        connector: text,
        id: text,
        customerNumber: text.nullable().describe('The number the tool assigned (lexoffice Kundennummer)'),
      })
      .nullable()
      .describe("The customer in the tenant's current tool; null until an invoice of the customer was synced"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Customer' });
export type CustomerView = z.infer<typeof customerView>;
