import { computeTotals, groupBookkeepingItems } from '@accounting-hub/core';
import { seedCancellations, seedInvoices } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connector } from './connector.js';
import { type SevdeskSandbox, createSevdeskSandbox } from './sandbox/index.js';
import { type TestConnection, testConnectionTo } from './testing/context.js';
import { bookInvoice, bookVoucher, link, variant } from './testing/fixtures.js';

let sandbox: SevdeskSandbox;
let conn: TestConnection;

beforeAll(async () => {
  sandbox = await createSevdeskSandbox({ requestsPerSecond: 100, bookkeepingSystemVersion: '1.0' });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.control.reset();
  conn = testConnectionTo(sandbox);
});

describe('an account on the old bookkeeping system (1.0): tax types instead of tax rules', () => {
  it('learns the system and the revenue accounting type at testConnection', async () => {
    const ctx = await conn.connected();
    expect(ctx.connection.state).toMatchObject({ bookkeepingSystemVersion: '1.0', accountingTypeId: '26', revenueAccounts: {} });
    expect(conn.records.map((r) => r.path.split('?')[0])).toContain('/AccountingType');
    expect(conn.records.map((r) => r.path)).not.toContain('/ReceiptGuidance/forRevenue');
  });

  it('books invoices with taxType and the small business scheme with smallSettlement', async () => {
    const ctx = await conn.connected();
    const standard = await bookInvoice(ctx, seedInvoices.bettinaWolf, 'finalized', 'r1');
    expect(sandbox.state.invoices.get(Number(standard.result.document.id))).toMatchObject({ taxType: 'default', taxRuleId: null, sumGross: '2195.50' });
    const ku = variant('bettinaWolf', (r) => ({ ...r, taxSituation: 'small_business', lines: (r.lines as object[]).map((l) => ({ ...l, taxRate: 0 })) }));
    const small = await bookInvoice(ctx, ku, 'draft', 'r2', standard.customer);
    expect(sandbox.state.invoices.get(Number(small.result.document.id))).toMatchObject({ taxType: 'default', smallSettlement: true });
  });

  it('books vouchers and their cancellation on the accounting type "Erlöse"', async () => {
    const ctx = await conn.connected();
    const booked = await bookVoucher(ctx, seedInvoices.iLearn, 'r1');
    const v = sandbox.state.vouchers.get(Number(booked.result.document.id))!;
    expect(v).toMatchObject({ taxType: 'default', taxRuleId: null, sumGross: '10495.00' });
    expect(v.positions.map((p) => p.accountingTypeId)).toEqual([26, 26]);
    const credited = await connector.credit(ctx, {
      mode: 'voucher',
      original: { invoice: seedInvoices.iLearn, document: booked.result.document, totals: booked.totals, items: booked.items },
      cancellation: seedCancellations.iLearn,
      customer: booked.customer,
      reference: 'c1',
    });
    expect(sandbox.state.vouchers.get(Number(credited.document.id))).toMatchObject({ sumGross: '-10495.00', taxType: 'default' });
  });

  it('refuses reverse charge, which 1.0 cannot book, before writing the document', async () => {
    const ctx = await conn.connected();
    const rc = variant('jodelUndSoehne', (r) => ({
      ...r,
      taxSituation: 'reverse_charge',
      customer: { ...(r.customer as object), vatId: 'DE284070765' },
      lines: (r.lines as object[]).map((l) => ({ ...l, taxRate: 0 })),
    }));
    const customer = (await link(ctx, rc.customer)).customer;
    const totals = computeTotals(rc.taxMode, rc.lines);
    await expect(connector.bookInvoice(ctx, { invoice: rc, customer, status: 'draft', totals, reference: 'r' })).rejects.toMatchObject({
      kind: 'unsupported',
      field: 'taxSituation',
    });
    await expect(
      connector.bookVoucher(ctx, { invoice: rc, customer, totals, items: groupBookkeepingItems(totals), file: undefined, reference: 'r' }),
    ).rejects.toMatchObject({ kind: 'unsupported' });
    expect(sandbox.state.invoices.size + sandbox.state.vouchers.size).toBe(0);
    expect(sandbox.state.openapi.failures).toEqual([]);
  });
});
