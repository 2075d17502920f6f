import type { BookResult, CreditInput } from '@accounting-hub/core';
import type { LexContext } from '../api/request.js';
import { creditInvoice } from './invoices.js';
import { creditVoucher } from './vouchers.js';

/** A cancellation reverses the original in the mode it was booked: credit note for invoices, credit voucher for vouchers. */
export function credit(ctx: LexContext, input: CreditInput): Promise<BookResult> {
  return input.mode === 'invoice' ? creditInvoice(ctx, input) : creditVoucher(ctx, input);
}
