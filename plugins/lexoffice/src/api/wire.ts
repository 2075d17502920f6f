/**
 * The lexoffice payloads the connector sends and receives (notes §5-§11). What we send is strict, so that a
 * typo fails here and not as a silent draft (`finalized` vs `finalize`); what we receive is loose, because
 * lexoffice adds fields without notice and the client must tolerate them.
 */
import { z } from 'zod';

/** lexoffice sends numbers, but one documented sample carries an amount as a string: accept both. */
const lenientNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

// ---- contacts (legacy IssueList endpoint) ----

export const contactPersonWire = z.looseObject({
  salutation: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  primary: z.boolean().optional(),
  emailAddress: z.string().optional(),
  phoneNumber: z.string().optional(),
});
export type ContactPersonWire = z.infer<typeof contactPersonWire>;

export const addressWire = z.looseObject({
  supplement: z.string().optional(),
  street: z.string().optional(),
  zip: z.string().optional(),
  city: z.string().optional(),
  countryCode: z.string(),
});
export type AddressWire = z.infer<typeof addressWire>;

const stringLists = z.record(z.string(), z.array(z.string()));

/** A contact as lexoffice answers `GET /v1/contacts/{id}`. */
export const contactRead = z.looseObject({
  id: z.string(),
  organizationId: z.string().optional(),
  version: z.number().int(),
  roles: z.looseObject({
    customer: z.looseObject({ number: z.number().int().optional() }).optional(),
    vendor: z.looseObject({ number: z.number().int().optional() }).optional(),
  }),
  company: z
    .looseObject({
      name: z.string(),
      taxNumber: z.string().optional(),
      vatRegistrationId: z.string().optional(),
      allowTaxFreeInvoices: z.boolean().optional(),
      contactPersons: z.array(contactPersonWire).optional(),
    })
    .optional(),
  person: z
    .looseObject({ salutation: z.string().optional(), firstName: z.string().optional(), lastName: z.string() })
    .optional(),
  addresses: z.looseObject({ billing: z.array(addressWire).optional(), shipping: z.array(addressWire).optional() }).optional(),
  emailAddresses: stringLists.optional(),
  phoneNumbers: stringLists.optional(),
  note: z.string().optional(),
  archived: z.boolean().optional(),
});
export type ContactRead = z.infer<typeof contactRead>;

/**
 * What we POST or PUT. Loose on purpose for PUT: lexoffice wants the full representation back, so fields we do
 * not manage (shipping addresses, notes, xRechnung, the vendor role) travel along unchanged.
 */
export const contactWrite = z.looseObject({
  version: z.number().int().min(0),
  roles: z.looseObject({ customer: z.looseObject({}) }),
  company: z
    .strictObject({
      name: z.string().min(1),
      taxNumber: z.string().optional(),
      vatRegistrationId: z.string().optional(),
      allowTaxFreeInvoices: z.boolean(),
      contactPersons: z.array(contactPersonWire).max(1, 'lexoffice takes one contact person through the API'),
    })
    .optional(),
  person: z
    .strictObject({ salutation: z.string().optional(), firstName: z.string().optional(), lastName: z.string().min(1) })
    .optional(),
  addresses: z.looseObject({ billing: z.array(addressWire).max(1).optional() }).optional(),
  emailAddresses: z.looseObject({ business: z.array(z.string()).max(1).optional() }).optional(),
  phoneNumbers: z
    .looseObject({ business: z.array(z.string()).max(1).optional(), mobile: z.array(z.string()).max(1).optional() })
    .optional(),
});
export type ContactWrite = z.infer<typeof contactWrite>;

/** The "action result" of a create or update (notes §1.1). */
export const actionResult = z.looseObject({
  id: z.string().min(1),
  resourceUri: z.string().optional(),
  createdDate: z.string().optional(),
  updatedDate: z.string().optional(),
  version: z.number().int().optional(),
});
export type ActionResult = z.infer<typeof actionResult>;

export const contactPage = z.looseObject({
  content: z.array(contactRead),
  last: z.boolean().optional(),
  totalPages: z.number().int().optional(),
});

// ---- invoices and credit notes (regular error shape) ----

export const taxType = z.enum([
  'net',
  'gross',
  'vatfree',
  'intraCommunitySupply',
  'constructionService13b',
  'externalService13b',
  'thirdPartyCountryService',
  'thirdPartyCountryDelivery',
]);
export type TaxType = z.infer<typeof taxType>;

const unitPriceWire = z.strictObject({
  currency: z.literal('EUR'),
  netAmount: z.number().optional(),
  grossAmount: z.number().optional(),
  taxRatePercentage: z.number(),
});

export const lineItemWrite = z.strictObject({
  type: z.literal('custom'),
  name: z.string().min(1).max(255),
  description: z.string().max(2000).optional(),
  quantity: z.number(),
  unitName: z.string().min(1),
  unitPrice: unitPriceWire,
  discountPercentage: z.number().min(0).max(100).optional(),
});
export type LineItemWrite = z.infer<typeof lineItemWrite>;

export const shippingConditionsWrite = z.discriminatedUnion('shippingType', [
  z.strictObject({ shippingType: z.literal('service'), shippingDate: z.string() }),
  z.strictObject({ shippingType: z.literal('serviceperiod'), shippingDate: z.string(), shippingEndDate: z.string() }),
  z.strictObject({ shippingType: z.literal('none') }),
]);

export const invoiceWrite = z.strictObject({
  voucherDate: z.string(),
  address: z.strictObject({ contactId: z.string() }),
  lineItems: z.array(lineItemWrite).min(1).max(300),
  totalPrice: z.strictObject({ currency: z.literal('EUR') }),
  taxConditions: z.strictObject({ taxType }),
  paymentConditions: z
    .strictObject({ paymentTermLabel: z.string().min(1), paymentTermDuration: z.number().int().min(0) })
    .optional(),
  shippingConditions: shippingConditionsWrite,
  introduction: z.string().max(2000).optional(),
  remark: z.string().max(2000).optional(),
  language: z.literal('de'),
});
export type InvoiceWrite = z.infer<typeof invoiceWrite>;

/** Credit notes have no shipping or payment conditions and no line discounts (notes §7). */
export const creditNoteWrite = z.strictObject({
  voucherDate: z.string(),
  address: z.strictObject({ contactId: z.string() }),
  lineItems: z.array(lineItemWrite.omit({ discountPercentage: true })).min(1).max(300),
  totalPrice: z.strictObject({ currency: z.literal('EUR') }),
  taxConditions: z.strictObject({ taxType }),
  title: z.string().max(25).optional(),
  introduction: z.string().max(2000).optional(),
  remark: z.string().max(2000).optional(),
  language: z.literal('de'),
});
export type CreditNoteWrite = z.infer<typeof creditNoteWrite>;

/** `GET /v1/invoices/{id}` and `GET /v1/credit-notes/{id}`: only what we read. */
export const salesVoucherRead = z.looseObject({
  id: z.string(),
  version: z.number().int().optional(),
  voucherStatus: z.string(),
  voucherNumber: z.string().nullable().optional(),
  voucherDate: z.string().optional(),
  remark: z.string().nullable().optional(),
  address: z.looseObject({ contactId: z.string().optional() }).optional(),
  totalPrice: z.looseObject({ totalGrossAmount: lenientNumber.optional() }).optional(),
});
export type SalesVoucherRead = z.infer<typeof salesVoucherRead>;

/** Partner API only (notes §6.3); subject and message omitted so lexoffice uses the voucher type's template. */
export const sendmailWrite = z.strictObject({ recipients: z.array(z.email()).min(1) });

// ---- bookkeeping vouchers (legacy IssueList endpoint) ----

export const voucherItemWrite = z.strictObject({
  amount: z.number(),
  taxAmount: z.number(),
  taxRatePercent: z.number(),
  categoryId: z.string().min(1),
});
export type VoucherItemWrite = z.infer<typeof voucherItemWrite>;

/** No `version` on POST: the docs contradict themselves about it (notes §4), omitting it is safe. */
export const voucherWrite = z.strictObject({
  type: z.enum(['salesinvoice', 'salescreditnote']),
  voucherNumber: z.string().min(1),
  voucherDate: z.iso.date(),
  shippingDate: z.iso.date().optional(),
  dueDate: z.iso.date().optional(),
  totalGrossAmount: z.number(),
  totalTaxAmount: z.number(),
  taxType: z.enum(['net', 'gross']),
  useCollectiveContact: z.literal(false),
  contactId: z.string().min(1),
  remark: z.string().max(2000).optional(),
  voucherItems: z.array(voucherItemWrite).min(1),
});
export type VoucherWrite = z.infer<typeof voucherWrite>;

export const voucherRead = z.looseObject({
  id: z.string(),
  version: z.number().int().optional(),
  voucherStatus: z.string().optional(),
  voucherNumber: z.string().nullable().optional(),
  remark: z.string().nullable().optional(),
  contactId: z.string().nullable().optional(),
});

export const fileUploadResult = z.looseObject({ id: z.string().min(1) });

// ---- voucherlist ----

export const voucherlistItem = z.looseObject({
  id: z.string(),
  voucherType: z.string(),
  voucherStatus: z.string(),
  voucherNumber: z.string().nullable().optional(),
  voucherDate: z.string().nullable().optional(),
  contactId: z.string().nullable().optional(),
  contactName: z.string().nullable().optional(),
  totalAmount: lenientNumber.nullable().optional(),
});
export type VoucherlistItem = z.infer<typeof voucherlistItem>;

export const voucherlistPage = z.looseObject({
  content: z.array(voucherlistItem),
  last: z.boolean().optional(),
  totalPages: z.number().int().optional(),
  number: z.number().int().optional(),
});

// ---- profile and posting categories ----

export const profileRead = z.looseObject({
  organizationId: z.string(),
  companyName: z.string().optional(),
  connectionId: z.string().optional(),
  businessFeatures: z.array(z.string()).optional(),
  subscriptionStatus: z.string().optional(),
  taxType: z.string().optional(),
  smallBusiness: z.boolean().optional(),
  distanceSalesPrinciple: z.string().optional(),
});
export type ProfileRead = z.infer<typeof profileRead>;

export const postingCategoryRead = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  contactRequired: z.boolean().optional(),
  splitAllowed: z.boolean().optional(),
  groupName: z.string().optional(),
});
export const postingCategoryList = z.array(postingCategoryRead);
