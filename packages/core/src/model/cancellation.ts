import { z } from 'zod';
import { documentFile } from './document.js';
import { invoiceNumber, isoDate, text } from './primitives.js';

/**
 * The cancellation (Storno) of a booked invoice. It always reverses the whole invoice: the seed products
 * issue a full cancellation document and a new invoice for any correction.
 */
export const cancellation = z.strictObject({
  /** The cancellation document's own number, e.g. RE21-01041. */
  number: invoiceNumber,
  date: isoDate,
  reason: text(2000).optional(),
  /** The cancellation document (voucher mode attaches it to the income-reduction voucher). */
  document: documentFile.optional(),
});
export type Cancellation = z.infer<typeof cancellation>;
