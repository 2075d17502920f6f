import { z } from 'zod';

/**
 * The request bodies the connector sends, typed as sevdesk's OpenAPI description types them (the sandbox
 * validates every body against that description). Built by the operations and parsed here before sending, so a
 * connector bug fails in the connector rather than as a sevdesk refusal.
 */

const refOf = <N extends string>(objectName: N) => z.strictObject({ id: z.number().int().positive(), objectName: z.literal(objectName) });
const nullableText = z.string().nullable();

export const contactPayload = z.strictObject({
  name: nullableText.optional(),
  surename: nullableText.optional(),
  familyname: nullableText.optional(),
  gender: nullableText.optional(),
  customerNumber: nullableText.optional(),
  status: z.number().int().optional(),
  category: refOf('Category').optional(),
  parent: refOf('Contact').nullable().optional(),
  vatNumber: nullableText.optional(),
  taxNumber: nullableText.optional(),
});
export type ContactPayload = z.infer<typeof contactPayload>;

export const contactAddressPayload = z.strictObject({
  contact: refOf('Contact').optional(),
  street: nullableText.optional(),
  zip: nullableText.optional(),
  city: nullableText.optional(),
  country: refOf('StaticCountry').optional(),
  category: refOf('Category').optional(),
  name: nullableText.optional(),
  name2: z.string().optional(),
});
export type ContactAddressPayload = z.infer<typeof contactAddressPayload>;

export const communicationWayType = z.enum(['EMAIL', 'PHONE', 'MOBILE']);
export type CommunicationWayType = z.infer<typeof communicationWayType>;

export const communicationWayPayload = z.strictObject({
  contact: refOf('Contact').optional(),
  type: communicationWayType.optional(),
  value: z.string().optional(),
  key: refOf('CommunicationWayKey').optional(),
  main: z.boolean().optional(),
});
export type CommunicationWayPayload = z.infer<typeof communicationWayPayload>;

const taxRuleRef = refOf('TaxRule');

export const invoicePosPayload = z.strictObject({
  objectName: z.literal('InvoicePos'),
  mapAll: z.literal(true),
  quantity: z.number(),
  price: z.number(),
  name: z.string(),
  text: nullableText,
  unity: refOf('Unity'),
  taxRate: z.number(),
  discount: z.number().nullable(),
  positionNumber: z.number().int(),
});

export const saveInvoicePayload = z.strictObject({
  invoice: z.strictObject({
    objectName: z.literal('Invoice'),
    mapAll: z.literal(true),
    contact: refOf('Contact'),
    contactPerson: refOf('SevUser'),
    invoiceDate: z.string(),
    headText: nullableText,
    footText: nullableText,
    timeToPay: z.number().int().nullable(),
    discount: z.literal(0),
    address: nullableText,
    addressCountry: refOf('StaticCountry'),
    deliveryDate: z.string(),
    deliveryDateUntil: z.number().int().nullable(),
    // The spec types the invoice status as a string enum ("100"); only drafts can be created (Update 2.0).
    status: z.literal('100'),
    smallSettlement: z.boolean(),
    taxRate: z.literal(0),
    taxRule: taxRuleRef.optional(),
    taxText: z.string(),
    taxType: z.enum(['default', 'eu', 'noteu']).optional(),
    invoiceType: z.literal('RE'),
    currency: z.literal('EUR'),
    showNet: z.boolean(),
    customerInternalNote: z.string(),
  }),
  invoicePosSave: z.array(invoicePosPayload).min(1),
  invoicePosDelete: z.null(),
});
export type SaveInvoicePayload = z.infer<typeof saveInvoicePayload>;

export const sendByPayload = z.strictObject({ sendType: z.literal('VPDF'), sendDraft: z.literal(false) });

export const sendViaEmailPayload = z.strictObject({
  toEmail: z.email(),
  subject: z.string().min(1),
  text: z.string().min(1),
  copy: z.boolean(),
});

export const createFromInvoicePayload = z.strictObject({ invoice: refOf('Invoice') });

export const creditNoteUpdatePayload = z.strictObject({
  customerInternalNote: z.string(),
  header: z.string(),
  creditNoteNumber: z.string().optional(),
});

export const voucherPosPayload = z.strictObject({
  objectName: z.literal('VoucherPos'),
  mapAll: z.literal(true),
  id: z.number().int().optional(),
  accountDatev: refOf('AccountDatev').optional(),
  accountingType: refOf('AccountingType').optional(),
  taxRate: z.number(),
  net: z.boolean(),
  sumNet: z.number(),
  sumGross: z.number(),
  comment: nullableText,
});
export type VoucherPosPayload = z.infer<typeof voucherPosPayload>;

export const saveVoucherPayload = z.strictObject({
  voucher: z.strictObject({
    objectName: z.literal('Voucher'),
    mapAll: z.literal(true),
    id: z.number().int().optional(),
    voucherDate: z.string(),
    deliveryDate: z.string(),
    deliveryDateUntil: z.string().nullable(),
    paymentDeadline: z.string().nullable(),
    supplier: refOf('Contact'),
    description: z.string(),
    // The spec types the voucher status as a number (unlike the invoice's); 100 = open (unpaid).
    status: z.literal(100),
    creditDebit: z.literal('D'),
    voucherType: z.literal('VOU'),
    taxRule: taxRuleRef.optional(),
    taxType: z.string().optional(),
    currency: z.literal('EUR'),
  }),
  voucherPosSave: z.array(voucherPosPayload).min(1),
  voucherPosDelete: z.null(),
  filename: z.string().optional(),
});
export type SaveVoucherPayload = z.infer<typeof saveVoucherPayload>;
