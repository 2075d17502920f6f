import assert from 'node:assert/strict';
import type { InvoiceStatus } from '@accounting-hub/core';
import { assertItemsMatchRates, assertTotals, sandboxDocument } from '../assertions.js';
import { type ConformanceCheck, skipUnless } from '../check.js';
import { SEED_SCENARIOS, bookInvoiceMode, bookVoucherMode, seedInvoice, testkitReference } from '../scenarios.js';
import type { ConformanceSession } from '../session.js';

/** The seed examples in invoice mode: in every status the connector claims, totals to the cent. */
export function invoiceModeChecks<C, O>(s: ConformanceSession<C, O>): ConformanceCheck[] {
  const caps = s.connector.manifest.capabilities;
  const claimed: InvoiceStatus[] = [
    'draft',
    ...(caps.invoiceFinalize ? (['finalized'] as const) : []),
    ...(caps.invoiceEmail ? (['finalized_and_sent'] as const) : []),
  ];
  return SEED_SCENARIOS.map((key) => ({
    group: 'invoice mode',
    name: `books ${key} as ${claimed.join(', ')} (as far as the connection allows)`,
    ...skipUnless(caps.invoices, 'capabilities.invoices is false'),
    run: async () => {
      const ctx = await s.ctx();
      // A status this connection cannot do (e.g. e-mail on a lexoffice API key) is refused by the hub up front.
      const statuses = claimed.filter(
        (st) =>
          !(st === 'finalized_and_sent' && s.unavailable.invoiceEmail) &&
          !(st !== 'draft' && s.unavailable.invoiceFinalize),
      );
      const invoice = seedInvoice(key);
      for (const status of statuses) {
        const what = `${key} (${status})`;
        const booked = await bookInvoiceMode(s, ctx, invoice, status, testkitReference(key, status));
        const doc = sandboxDocument(await s.control.documents(), booked.document.id, what);
        assert.equal(doc.kind, 'invoice', `${what}: the tool holds a ${doc.kind}`);
        assertTotals(doc, booked.totals, what);
        if (status !== 'draft') {
          assert.ok(doc.number, `${what}: a finalized invoice has a number in the tool`);
          assert.equal(booked.document.number, doc.number, `${what}: the result must carry the number the tool assigned`);
        }
      }
    },
  }));
}

/** The seed examples in voucher mode: items per tax rate to the cent, the tenant's number and file on the voucher. */
export function voucherModeChecks<C, O>(s: ConformanceSession<C, O>): ConformanceCheck[] {
  const caps = s.connector.manifest.capabilities;
  return SEED_SCENARIOS.map((key) => ({
    group: 'voucher mode',
    name: `books ${key} as a voucher${caps.voucherFiles ? ' with its file' : ''}`,
    ...skipUnless(caps.vouchers, 'capabilities.vouchers is false'),
    run: async () => {
      const ctx = await s.ctx();
      const invoice = seedInvoice(key);
      const booked = await bookVoucherMode(s, ctx, invoice, testkitReference(key, 'voucher'));
      const doc = sandboxDocument(await s.control.documents(), booked.document.id, key);
      assert.equal(doc.kind, 'voucher', `${key}: the tool holds a ${doc.kind}`);
      assertTotals(doc, booked.totals, key);
      assertItemsMatchRates(doc, booked.totals.rates, key);
      assert.equal(doc.externalNumber ?? doc.number, invoice.number, `${key}: the voucher must carry the tenant's invoice number`);
      if (caps.voucherFiles && invoice.document) {
        assert.ok(doc.files.length >= 1, `${key}: the tenant's file is not attached to the voucher`);
      }
    },
  }));
}
