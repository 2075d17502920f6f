import assert from 'node:assert/strict';
import { type ConnectorContext, attachResult, bookResult, findBookedResult } from '@accounting-hub/core';
import { seedCancellations } from '@accounting-hub/core/seeds';
import { assertItemsMatchRates, assertTotals, sandboxDocument } from '../assertions.js';
import { type ConformanceCheck, skipUnless } from '../check.js';
import { type Booked, bookInvoiceMode, bookVoucherMode, seedInvoice, strongestStatus, testkitReference } from '../scenarios.js';
import type { ConformanceSession } from '../session.js';

/** A booked cancellation must be found again by its own number and reference, or an uncertain one cannot be settled. */
async function assertFindsCancellation<C, O>(
  s: ConformanceSession<C, O>,
  ctx: ConnectorContext<C, O>,
  kind: 'credit_note' | 'voucher',
  original: Booked,
  number: string,
  date: string,
  reference: string,
  id: string,
) {
  const found = findBookedResult.parse(
    await s.connector.findBooked(ctx, {
      kind,
      purpose: 'cancellation',
      number,
      reference,
      date,
      totalGross: original.totals.totalGross,
      customer: original.customer,
    }),
  );
  assert.equal(found.document?.id, id, `findBooked(${kind}, cancellation ${number}) must find the booked cancellation`);
}

export function creditChecks<C, O>(s: ConformanceSession<C, O>): ConformanceCheck[] {
  const caps = s.connector.manifest.capabilities;
  const group = 'cancellation';
  return [
    {
      group,
      name: 'cancels an invoice with a credit note linked to it (jodelUndSoehne)',
      ...skipUnless(caps.creditNotes, 'capabilities.creditNotes is false'),
      run: async () => {
        const ctx = await s.ctx();
        const invoice = seedInvoice('jodelUndSoehne');
        const cancellation = seedCancellations.jodelUndSoehne;
        const original = await bookInvoiceMode(s, ctx, invoice, strongestStatus(caps), testkitReference('jodelUndSoehne', 'invoice'));
        const reference = testkitReference('jodelUndSoehne', 'credit');
        const result = bookResult.parse(
          await s.connector.credit(ctx, {
            mode: 'invoice',
            original: { invoice, document: original.document, totals: original.totals, items: original.items },
            cancellation,
            customer: original.customer,
            reference,
          }),
        );
        assert.equal(result.document.kind, 'credit_note', 'an invoice-mode cancellation is a credit note');
        const doc = sandboxDocument(await s.control.documents(), result.document.id, 'credit note');
        assert.equal(doc.kind, 'credit_note');
        assertTotals(doc, original.totals, 'credit note');
        assert.equal(doc.totalGross, '4284.00');
        assert.equal(doc.precedingId, original.document.id, 'the credit note must be linked to the invoice it cancels');
        await assertFindsCancellation(s, ctx, 'credit_note', original, cancellation.number, cancellation.date, reference, doc.id);
      },
    },
    {
      group,
      name: 'cancels a voucher with an income-reduction voucher carrying the cancellation document (iLearn)',
      ...skipUnless(caps.voucherCredits, 'capabilities.voucherCredits is false'),
      run: async () => {
        const ctx = await s.ctx();
        const invoice = seedInvoice('iLearn');
        const cancellation = seedCancellations.iLearn;
        const original = await bookVoucherMode(s, ctx, invoice, testkitReference('iLearn', 'voucher'));
        const reference = testkitReference('iLearn', 'credit');
        const result = bookResult.parse(
          await s.connector.credit(ctx, {
            mode: 'voucher',
            original: { invoice, document: original.document, totals: original.totals, items: original.items },
            cancellation,
            customer: original.customer,
            reference,
          }),
        );
        assert.equal(result.document.kind, 'voucher', 'a voucher-mode cancellation is a voucher');
        assert.notEqual(result.document.id, original.document.id, 'the cancellation must be a voucher of its own');
        if (!result.fileAttached && caps.voucherFiles && cancellation.document) {
          attachResult.parse(await s.connector.attachDocument(ctx, { document: result.document, file: cancellation.document }));
        }
        const doc = sandboxDocument(await s.control.documents(), result.document.id, 'income-reduction voucher');
        assert.equal(doc.kind, 'voucher');
        // Positive amounts: the voucher's type says "reduction", not the sign.
        assertTotals(doc, original.totals, 'income-reduction voucher');
        assert.equal(doc.totalGross, '10495.00');
        assertItemsMatchRates(doc, original.totals.rates, 'income-reduction voucher');
        if (caps.voucherFiles) assert.ok(doc.files.length >= 1, 'the cancellation document is not attached');
        await assertFindsCancellation(s, ctx, 'voucher', original, cancellation.number, cancellation.date, reference, doc.id);
      },
    },
  ];
}
