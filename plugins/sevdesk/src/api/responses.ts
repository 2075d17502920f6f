import { Dec, type Money } from '@accounting-hub/core';
import { z } from 'zod';

/**
 * sevdesk's answers, read defensively: ids, statuses and sums come as strings ("100", "65.45"), sometimes as
 * numbers, booleans as "0"/"1" (notes §1.3). Loose objects: sevdesk adds fields freely; what the connector relies
 * on is checked, so a missing id is an error rather than an `undefined` booked into the hub.
 */

const id = z.union([z.string(), z.number()]).transform((v) => String(v));
const optionalText = z.string().nullish().transform((v) => v ?? undefined);
export const ref = z.looseObject({ id, objectName: z.string().optional() });
const optionalRef = ref.nullish().transform((v) => v ?? undefined);

/** An amount as sevdesk sends it ("65.45", 65.45, null) → a two-place decimal string. */
export const amount = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v): Money => (v === null || v === undefined || v === '' ? '0.00' : new Dec(v).toFixed(2)));

const status = z.union([z.string(), z.number()]).transform((v) => Number(v));

/** `{"objects": …}`; GET by id answers an array with one element, factories a bare object. */
export function envelope<S extends z.ZodType>(objects: S) {
  return z.looseObject({ objects });
}
export function single<S extends z.ZodType>(item: S) {
  return z.union([item, z.array(item).length(1).transform((a) => a[0]!)]);
}

export const bookkeepingVersion = z.looseObject({ version: z.string() });

export const sevUser = z.looseObject({
  id,
  username: optionalText,
  fullname: optionalText,
  role: optionalText,
  sevClient: optionalRef,
});

export const staticCountry = z.looseObject({ id, code: z.string(), name: optionalText });
export const category = z.looseObject({ id, name: optionalText, objectType: optionalText });

export const contact = z.looseObject({
  id,
  name: optionalText,
  surename: optionalText,
  familyname: optionalText,
  gender: optionalText,
  customerNumber: optionalText,
  vatNumber: optionalText,
  taxNumber: optionalText,
  status: status.optional(),
  parent: optionalRef,
  category: optionalRef,
});
export type ContactResponse = z.infer<typeof contact>;

export const contactAddress = z.looseObject({
  id,
  contact: optionalRef,
  street: optionalText,
  zip: optionalText,
  city: optionalText,
  name: optionalText,
  name2: optionalText,
  country: optionalRef,
  category: optionalRef,
});
export type ContactAddressResponse = z.infer<typeof contactAddress>;

export const communicationWay = z.looseObject({
  id,
  contact: optionalRef,
  type: z.string(),
  value: z.string().nullish().transform((v) => v ?? ''),
  main: z.union([z.string(), z.number(), z.boolean()]).nullish().transform((v) => v === true || v === '1' || v === 1),
});
export type CommunicationWayResponse = z.infer<typeof communicationWay>;

export const invoice = z.looseObject({
  id,
  invoiceNumber: optionalText,
  invoiceType: optionalText,
  status,
  contact: optionalRef,
  origin: optionalRef,
  customerInternalNote: optionalText,
  invoiceDate: optionalText,
  sumNet: amount,
  sumTax: amount,
  sumGross: amount,
});
export type InvoiceResponse = z.infer<typeof invoice>;

export const savedInvoice = z.looseObject({ invoice, invoicePos: z.array(z.looseObject({ id })).optional() });

export const creditNote = z.looseObject({
  id,
  creditNoteNumber: optionalText,
  status,
  contact: optionalRef,
  customerInternalNote: optionalText,
  sumNet: amount,
  sumTax: amount,
  sumGross: amount,
});
export type CreditNoteResponse = z.infer<typeof creditNote>;
export const createdCreditNote = z.looseObject({ creditNote, creditNotePos: z.array(z.looseObject({ id })).optional() });

export const sevSequence = z.looseObject({ format: z.string(), nextSequence: z.union([z.string(), z.number()]).transform(String) });

export const voucher = z.looseObject({
  id,
  description: optionalText,
  status,
  creditDebit: optionalText,
  supplier: optionalRef,
  voucherDate: optionalText,
  deliveryDate: optionalText,
  deliveryDateUntil: optionalText,
  paymentDeadline: optionalText,
  taxRule: optionalRef,
  taxType: optionalText,
  /** The file attached to the voucher (a `Document`), null while it has none. */
  document: optionalRef,
  sumNet: amount,
  sumTax: amount,
  sumGross: amount,
});
export type VoucherResponse = z.infer<typeof voucher>;

export const voucherPos = z.looseObject({
  id,
  accountDatev: optionalRef,
  accountingType: optionalRef,
  taxRate: amount,
  net: z.union([z.boolean(), z.string(), z.number()]).transform((v) => v === true || v === '1' || v === 1 || v === 'true'),
  sumNet: amount,
  sumGross: amount,
  comment: optionalText,
});
export type VoucherPosResponse = z.infer<typeof voucherPos>;

export const savedVoucher = z.looseObject({ voucher, voucherPos: z.array(voucherPos).optional() });

export const tempFile = z.looseObject({ filename: z.string().min(1) });
