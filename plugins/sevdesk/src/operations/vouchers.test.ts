import { computeTotals, groupBookkeepingItems } from '@accounting-hub/core';
import { samplePdfDocument, seedCancellations, seedInvoices } from '@accounting-hub/core/seeds';
import { describe, expect, it } from 'vitest';
import { useSandboxConnection } from '../testing/sandbox-lifecycle.js';
import { connector } from '../connector.js';
import { testConnectionTo } from '../testing/context.js';
import { bookVoucher, link } from '../testing/fixtures.js';

const env = useSandboxConnection();

const iLearn = seedInvoices.iLearn;

describe('voucher mode', () => {
  it('uploads the PDF, then saves a revenue voucher with one position per tax rate on the resolved revenue account', async () => {
    const ctx = await env.conn.connected();
    const mark = env.conn.records.length;
    const { result } = await bookVoucher(ctx, iLearn, 'r1');
    expect(result).toMatchObject({ document: { kind: 'voucher', number: 'RE21-01040', status: 'open' }, fileAttached: true });
    expect(env.conn.writesSince(mark).slice(-2)).toEqual(['POST /Voucher/Factory/uploadTempFile', 'POST /Voucher/Factory/saveVoucher']);
    const v = env.sandbox.state.vouchers.get(Number(result.document.id))!;
    expect(v).toMatchObject({ creditDebit: 'D', voucherType: 'VOU', status: 100, taxRuleId: 1, description: 'RE21-01040', sumGross: '10495.00' });
    expect(v.files).toHaveLength(1);
    expect(env.sandbox.state.tempFiles.get(v.files[0]!)?.originalName).toBe('RE21-01040.pdf');
    // 3631 allows 0, 7 and 19 % under rule 1; the decoy 3620 listed first allows 19 % only.
    expect(v.positions.map((p) => [p.accountDatevId, p.taxRate, p.sumNet, p.sumTax, p.sumGross])).toEqual([
      [3631, 7, '800.00', '56.00', '856.00'],
      [3631, 19, '8100.00', '1539.00', '9639.00'],
    ]);
  });

  it('does not book a voucher twice for the same number and amount', async () => {
    const ctx = await env.conn.connected();
    const first = await bookVoucher(ctx, iLearn, 'r1');
    const again = await bookVoucher(ctx, iLearn, 'r1', first.customer);
    expect(again.result.document.id).toBe(first.result.document.id);
    expect(env.sandbox.state.vouchers.size).toBe(1);
  });

  it('takes the revenue account from the options when the tenant overrides it', async () => {
    const ctx = await testConnectionTo(env.sandbox, { revenueAccountId: '3631' }).connected();
    // Wins where the guidance allows it; rule 17 keeps the account that allows rule 17.
    expect(ctx.connection.state.revenueAccounts).toMatchObject({ '1': { id: '3631' }, '11': { id: '3631' }, '17': { id: '3651' } });
    expect((await testConnectionTo(env.sandbox, { revenueAccountId: '9999' }).connected()).connection.state.revenueAccounts).toMatchObject({ '1': { id: '9999' }, '17': { id: '9999' } });
  });

  it('books the cancellation as a reducing revenue voucher with the cancellation document', async () => {
    const ctx = await env.conn.connected();
    const booked = await bookVoucher(ctx, iLearn, 'r1');
    const input = {
      mode: 'voucher' as const,
      original: { invoice: iLearn, document: booked.result.document, totals: booked.totals, items: booked.items },
      cancellation: seedCancellations.iLearn,
      customer: booked.customer,
      reference: 'credit',
    };
    const credited = await connector.credit(ctx, input);
    expect(credited).toMatchObject({ document: { kind: 'voucher', number: 'RE21-01041' }, fileAttached: true });
    const v = env.sandbox.state.vouchers.get(Number(credited.document.id))!;
    expect(v).toMatchObject({ creditDebit: 'D', sumNet: '-8900.00', sumTax: '-1595.00', sumGross: '-10495.00' });
    const found = await connector.findBooked(ctx, {
      kind: 'voucher',
      purpose: 'cancellation',
      number: 'RE21-01041',
      reference: 'credit',
      date: '2021-01-27',
      totalGross: '10495.00',
      customer: booked.customer,
    });
    expect(found.document?.id).toBe(credited.document.id);
    // The original is not mistaken for its cancellation, nor the other way round.
    const original = await connector.findBooked(ctx, { ...input, kind: 'voucher', purpose: 'invoice', number: 'RE21-01041', date: '2021-01-27', totalGross: '10495.00' });
    expect(original.document).toBeNull();
  });

  it('a saveVoucher answered 504 after the write is uncertain and found by its number', async () => {
    const ctx = await env.conn.connected();
    const customer = (await link(ctx, iLearn.customer)).customer;
    await env.sandbox.control.injectFault({ kind: 'after_write', status: 504, match: { method: 'POST', path: '^/Voucher/Factory/saveVoucher$' } });
    await expect(bookVoucher(ctx, iLearn, 'r1', customer)).rejects.toMatchObject({ kind: 'uncertain' });
    expect(env.sandbox.state.vouchers.size).toBe(1);
    const found = await connector.findBooked(ctx, { kind: 'voucher', purpose: 'invoice', number: iLearn.number, reference: 'r1', date: iLearn.date, totalGross: '10495.00', customer });
    expect(found.document?.id).toBe(String([...env.sandbox.state.vouchers.keys()][0]));
  });

  it('attachDocument leaves a voucher that carries its file already alone (the hub asks after findBooked)', async () => {
    const ctx = await env.conn.connected();
    const { result } = await bookVoucher(ctx, iLearn, 'r1');
    const v = env.sandbox.state.vouchers.get(Number(result.document.id))!;
    expect(v.files).toHaveLength(1);
    const mark = env.conn.records.length;
    const attached = await connector.attachDocument(ctx, { document: result.document, file: iLearn.document! });
    expect(attached.fileId).toEqual(expect.any(String));
    expect(env.conn.writesSince(mark)).toEqual([]);
    expect(env.sandbox.state.vouchers.get(Number(result.document.id))).toMatchObject({ status: 100, files: v.files });
  });

  it('attaches a file that arrives later: back to draft, save with every position and the file, open again', async () => {
    const ctx = await env.conn.connected();
    const customer = (await link(ctx, iLearn.customer)).customer;
    const totals = computeTotals(iLearn.taxMode, iLearn.lines);
    const items = groupBookkeepingItems(totals);
    const result = await connector.bookVoucher(ctx, { invoice: iLearn, customer, totals, items, file: undefined, reference: 'r1' });
    expect(result.fileAttached).toBe(false);
    const attached = await connector.attachDocument(ctx, { document: result.document, file: samplePdfDocument('later.pdf', 'later') });
    const v = env.sandbox.state.vouchers.get(Number(result.document.id))!;
    expect(v.files).toEqual([attached.fileId]);
    expect(v).toMatchObject({ status: 100, sumGross: '10495.00' });
    expect(v.positions).toHaveLength(2);
  });
});
