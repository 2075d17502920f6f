import { z } from 'zod';

/**
 * The parts of Reference Books' answers the connector relies on. Loose objects: the tool may add fields without
 * breaking the connector, but a missing id or number is an error, not an `undefined` booked into the hub.
 */

export const accountResponse = z.looseObject({ id: z.string(), name: z.string() });

export const contactPersonResponse = z.looseObject({
  salutation: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
});

export const customerResponse = z.looseObject({
  id: z.string().min(1),
  customerNumber: z.string(),
  version: z.number().int(),
  kind: z.enum(['person', 'company']),
  companyName: z.string().optional(),
  salutation: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  vatId: z.string().optional(),
  taxNumber: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  mobile: z.string().optional(),
  address: z
    .looseObject({
      street: z.string().optional(),
      supplement: z.string().optional(),
      zip: z.string().optional(),
      city: z.string().optional(),
      countryCode: z.string(),
    })
    .optional(),
  contactPersons: z.array(contactPersonResponse),
  externalRef: z.string().optional(),
});
export type CustomerResponse = z.infer<typeof customerResponse>;

export const customerList = z.looseObject({ items: z.array(customerResponse) });

export const documentResponse = z.looseObject({
  id: z.string().min(1),
  kind: z.enum(['invoice', 'voucher', 'credit_note']),
  number: z.string().nullable(),
  status: z.string(),
  customerId: z.string().nullable(),
  totalGross: z.string(),
  reference: z.string().nullable(),
});
export type DocumentResponse = z.infer<typeof documentResponse>;

export const documentList = z.looseObject({ items: z.array(documentResponse) });

export const fileResponse = z.looseObject({ id: z.string().min(1) });

export const errorResponse = z.looseObject({
  error: z.looseObject({ code: z.string(), message: z.string().optional(), field: z.string().optional() }),
});
