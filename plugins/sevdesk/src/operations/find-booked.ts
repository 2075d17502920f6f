import type { FindBookedInput, FindBookedResult } from '@accounting-hub/core';
import { type SevdeskContext, readState } from '../state.js';
import {
  creditNoteDocument,
  creditNotesByReference,
  invoiceDocument,
  invoicesByNumber,
  invoicesByReference,
  invoicesOfCustomer,
  sameAmount,
  voucherDocument,
  vouchersByNumber,
} from './lookups.js';

const OP = 'findBooked';

/**
 * Settles an uncertain outcome by looking only (never writes):
 * - invoice: by the hub's reference in `customerInternalNote` (sevdesk assigned the number), else by number;
 * - credit note: a credit note carrying the reference; else sevdesk's cancellation invoice (SR) of the customer
 *   for the same amount, which carries no reference of ours (`cancelInvoice` takes no body). Found only when
 *   exactly one fits: with several, "not found" is the safe answer, because a repeated credit() finds the
 *   original cancelled (code 421) and answers its cancellation instead of cancelling twice;
 * - voucher: by Belegnummer (`description`) and the amount.
 */
export async function findBooked(ctx: SevdeskContext, input: FindBookedInput): Promise<FindBookedResult> {
  readState(ctx);
  const customerId = input.customer?.id;
  switch (input.kind) {
    case 'invoice': {
      const byRef = (await invoicesByReference(ctx, OP, input.reference, customerId)).filter((i) => i.invoiceType !== 'SR');
      const found = byRef[0] ?? (await invoicesByNumber(ctx, OP, input.number)).find((i) => i.invoiceType !== 'SR' && sameAmount(i.sumGross, input.totalGross));
      return { document: found ? invoiceDocument(found) : null };
    }
    case 'credit_note': {
      const note = (await creditNotesByReference(ctx, OP, input.reference, customerId))[0];
      if (note) return { document: creditNoteDocument(note) };
      if (!customerId) return { document: null };
      const cancellations = (await invoicesOfCustomer(ctx, OP, customerId)).filter(
        (i) => i.invoiceType === 'SR' && sameAmount(i.sumGross, input.totalGross),
      );
      return { document: cancellations.length === 1 ? invoiceDocument(cancellations[0]!) : null };
    }
    case 'voucher': {
      const wantNegative = input.purpose === 'cancellation';
      const found = (await vouchersByNumber(ctx, OP, input.number, customerId)).find(
        (v) => sameAmount(v.sumGross, input.totalGross) && v.sumGross.startsWith('-') === wantNegative,
      );
      return { document: found ? voucherDocument(found) : null };
    }
  }
}
