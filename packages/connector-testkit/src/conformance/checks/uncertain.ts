import assert from 'node:assert/strict';
import {
  type ConnectorContext,
  type Invoice,
  type RemoteCustomer,
  type RemoteKind,
  computeTotals,
  findBookedResult,
  groupBookkeepingItems,
} from '@accounting-hub/core';
import { pathOnly } from '../../sandbox/fault-injector.js';
import { escapeRegex, expectConnectorError } from '../assertions.js';
import { type ConformanceCheck, skipUnless } from '../check.js';
import {
  type Booked,
  bookInvoiceMode,
  bookVoucherMode,
  linkCustomer,
  seedInvoice,
  strongestStatus,
  testkitReference,
} from '../scenarios.js';
import type { ConformanceSession } from '../session.js';

function findInput(kind: RemoteKind, invoice: Invoice, reference: string, customer: RemoteCustomer | null) {
  return {
    kind,
    purpose: 'invoice' as const,
    number: invoice.number,
    reference,
    date: invoice.date,
    totalGross: computeTotals(invoice.taxMode, invoice.lines).totalGross,
    customer,
  };
}

/**
 * The hub's rule: after an uncertain outcome, settle with findBooked before any retry. A real create teaches the
 * suite which call creates the document; that call then lands but answers 504, and the connector must say
 * "uncertain" (not "transient", which would make the hub book again) and find the document afterwards.
 */
async function settleUncertain<C, O>(
  s: ConformanceSession<C, O>,
  kind: 'invoice' | 'voucher',
  book: (ctx: ConnectorContext<C, O>, invoice: Invoice, reference: string, customer?: RemoteCustomer) => Promise<Booked>,
  call: (ctx: ConnectorContext<C, O>, invoice: Invoice, reference: string, customer: RemoteCustomer) => Promise<unknown>,
) {
  const ctx = await s.ctx();
  const learned = await book(ctx, seedInvoice('bettinaWolf'), testkitReference('bettinaWolf', kind));
  const invoice = seedInvoice('iLearn');
  const customer = await linkCustomer(s, ctx, invoice.customer);
  await s.control.injectFault({
    kind: 'after_write',
    status: 504,
    match: { method: learned.createRecord.method, path: `^${escapeRegex(pathOnly(learned.createRecord.path))}$` },
  });
  const reference = testkitReference('iLearn', kind, 'uncertain');
  await expectConnectorError(call(ctx, invoice, reference, customer), 'uncertain', `${kind} create answered 504 after the write`);

  const before = await s.control.documents();
  const landed = before.filter((d) => d.kind === kind && d.id !== learned.document.id);
  assert.equal(landed.length, 1, `the write behind the 504 should have landed once, the tool holds ${landed.length} (retried a write that may have been performed?)`);

  const found = findBookedResult.parse(await s.connector.findBooked(ctx, findInput(kind, invoice, reference, customer)));
  assert.ok(found.document, `findBooked must find the ${kind} whose create answered 504`);
  assert.equal(found.document.id, landed[0]!.id, `findBooked found ${found.document.id}, not the ${kind} that landed`);
  assert.equal(found.document.kind, kind);
  const after = await s.control.documents();
  assert.equal(after.length, before.length, 'findBooked created a document: it must only look');
}

export function uncertainChecks<C, O>(s: ConformanceSession<C, O>): ConformanceCheck[] {
  const caps = s.connector.manifest.capabilities;
  const group = 'uncertain outcome';
  const status = strongestStatus(caps);
  return [
    {
      group,
      name: 'voucher: a create answered 504 after the write is uncertain and settled by findBooked',
      ...skipUnless(caps.vouchers, 'capabilities.vouchers is false'),
      run: () =>
        settleUncertain(
          s,
          'voucher',
          (ctx, invoice, reference, customer) => bookVoucherMode(s, ctx, invoice, reference, customer),
          (ctx, invoice, reference, customer) => {
            const totals = computeTotals(invoice.taxMode, invoice.lines);
            const file = caps.voucherFiles ? invoice.document : undefined;
            return s.connector.bookVoucher(ctx, { invoice, customer, totals, items: groupBookkeepingItems(totals), file, reference });
          },
        ),
    },
    {
      group,
      name: 'invoice: a create answered 504 after the write is uncertain and settled by findBooked',
      ...skipUnless(caps.invoices, 'capabilities.invoices is false'),
      run: () =>
        settleUncertain(
          s,
          'invoice',
          (ctx, invoice, reference, customer) => bookInvoiceMode(s, ctx, invoice, status, reference, customer),
          (ctx, invoice, reference, customer) => {
            const totals = computeTotals(invoice.taxMode, invoice.lines);
            return s.connector.bookInvoice(ctx, { invoice, customer, totals, status, reference });
          },
        ),
    },
    {
      group,
      name: 'findBooked answers null for an unknown number and creates nothing',
      run: async () => {
        const ctx = await s.ctx();
        // Something booked first, so that "return whatever is there" does not pass.
        const kinds: ('invoice' | 'voucher')[] = [];
        if (caps.invoices) {
          await bookInvoiceMode(s, ctx, seedInvoice('jodelUndSoehne'), status, testkitReference('jodelUndSoehne', 'invoice'));
          kinds.push('invoice');
        }
        if (caps.vouchers) {
          await bookVoucherMode(s, ctx, seedInvoice('bettinaWolf'), testkitReference('bettinaWolf', 'voucher'));
          kinds.push('voucher');
        }
        const before = await s.control.documents();
        const unknown = { ...seedInvoice('jodelUndSoehne'), number: 'TESTKIT-UNKNOWN-404' };
        for (const kind of kinds) {
          const found = findBookedResult.parse(
            await s.connector.findBooked(ctx, findInput(kind, unknown, testkitReference('unknown', kind), null)),
          );
          assert.equal(found.document, null, `findBooked(${kind}) found ${JSON.stringify(found.document)} for an unknown number`);
        }
        assert.ok(kinds.length > 0, 'the connector books neither invoices nor vouchers');
        assert.equal((await s.control.documents()).length, before.length, 'findBooked created a document: it must only look');
      },
    },
  ];
}
