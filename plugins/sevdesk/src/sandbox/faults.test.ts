/**
 * The testkit's fault injection, probabilistic faults included, reaches sevdesk's create paths: `after_write` on
 * saveInvoice, saveVoucher and sendBy lets the write land before it answers 504 (the connector sees an uncertain
 * outcome), a probabilistic 503 refuses before anything is written.
 */
import { credentialFingerprint } from '@accounting-hub/connector-testkit/sandbox';
import { seedInvoices } from '@accounting-hub/core/seeds';
import { describe, expect, it } from 'vitest';
import { useSandboxConnection } from '../testing/sandbox-lifecycle.js';
import { bookInvoice, bookVoucher, link } from '../testing/fixtures.js';

const env = useSandboxConnection();

const afterWrite = (method: string, path: string) => ({ kind: 'after_write' as const, status: 504, probability: 1, times: 1, match: { method, path } });

describe('injected faults on sevdesk', () => {
  it('after_write on saveInvoice, sendBy and saveVoucher: the write lands, the connector sees an uncertain outcome', async () => {
    const ctx = await env.conn.connected();
    const inv = seedInvoices.iLearn;
    const customer = (await link(ctx, inv.customer)).customer;

    await env.sandbox.control.injectFault(afterWrite('POST', '^/Invoice/Factory/saveInvoice$'));
    await expect(bookInvoice(ctx, inv, 'finalized', 'ref-1', customer)).rejects.toMatchObject({ kind: 'uncertain' });
    expect(env.sandbox.state.invoices.size).toBe(1);

    await env.sandbox.control.injectFault(afterWrite('PUT', '/sendBy$'));
    await expect(bookInvoice(ctx, seedInvoices.jannikHuber, 'finalized', 'ref-2')).rejects.toMatchObject({ kind: 'uncertain' });
    const huber = [...env.sandbox.state.invoices.values()].find((i) => i.customerInternalNote === 'ref-2');
    expect(huber).toMatchObject({ status: 200, sendType: 'VPDF' });

    await env.sandbox.control.injectFault(afterWrite('POST', '^/Voucher/Factory/saveVoucher$'));
    await expect(bookVoucher(ctx, inv, 'ref-3', customer)).rejects.toMatchObject({ kind: 'uncertain' });
    expect(env.sandbox.state.vouchers.size).toBe(1);

    expect((await env.sandbox.control.faultReport()).fired).toEqual({ 'after_write:504': 3 });
  });

  it('a probabilistic 503 on saveVoucher refuses before the write', async () => {
    const ctx = await env.conn.connected();
    const inv = seedInvoices.iLearn;
    const customer = (await link(ctx, inv.customer)).customer;
    await env.sandbox.control.injectFault({ kind: 'status', status: 503, probability: 1, times: 2, match: { method: 'POST', path: '^/Voucher/Factory/saveVoucher$' } });
    await env.sandbox.control.injectFault({ kind: 'latency', ms: 1, jitterMs: 5, probability: 0.5, seed: 1, match: {} });
    // The connector's client does not repeat a POST on a 5xx: it reports the outcome as uncertain.
    await expect(bookVoucher(ctx, inv, 'ref-4', customer)).rejects.toMatchObject({ kind: 'uncertain' });
    expect(env.sandbox.state.vouchers.size).toBe(0);
    await expect(bookVoucher(ctx, inv, 'ref-4', customer)).rejects.toMatchObject({ kind: 'uncertain' });
    const { result } = await bookVoucher(ctx, inv, 'ref-4', customer);
    expect(result.document).toMatchObject({ kind: 'voucher', number: inv.number });
    expect(env.sandbox.state.vouchers.size).toBe(1);
  });

  it('counts requests per credential', async () => {
    await env.conn.connected();
    const counts = await env.sandbox.control.requestsByCredential();
    expect(Object.keys(counts)).toEqual([credentialFingerprint(env.sandbox.apiToken)]);
    expect(counts[credentialFingerprint(env.sandbox.apiToken)]).toBe(env.conn.records.length);
  });
});
