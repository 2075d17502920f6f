/**
 * An uncertain outcome through the whole hub: sevdesk saves the voucher but the answer is lost (a 504 from a
 * proxy). The engine keeps the pending write, looks the voucher up with findBooked on the next attempt, and the
 * invoice ends booked exactly once.
 */
import type { SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import { samplePdfDocument, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';
import { callName, connectSevdesk, logRows, openapiReport, startSevdesk, submitInvoice } from './sevdesk-support.js';

let hub: TestHub;
let sandbox: SevdeskSandbox;
let tenant: TestTenant;

beforeAll(async () => {
  // A short first retry delay keeps the test quick; the policy is the production one otherwise.
  [sandbox, hub] = await Promise.all([startSevdesk(), startTestHub({ env: { SYNC_RETRY_BASE_MS: '100' } })]);
  tenant = await hub.tenant('Unsichere Antwort GmbH');
  await connectSevdesk(hub, tenant, sandbox, { mode: 'voucher' });
});
afterAll(async () => {
  await hub?.close();
  await sandbox?.close();
});

describe('sevdesk faults through the hub', () => {
  it('a 504 after saveVoucher landed: findBooked settles it and the invoice is booked exactly once', async () => {
    await sandbox.control.injectFault({ match: { method: 'POST', path: 'saveVoucher' }, kind: 'after_write', status: 504 });
    const input = seedInvoiceInputs.bettinaWolf;
    const id = await submitInvoice(hub, tenant, input);
    const booked = await hub.waitForInvoice(tenant, id, ['booked']);
    expect(booked.attempts).toBe(2);

    const vouchers = (await sandbox.control.documents()).filter((d) => d.kind === 'voucher' && d.number === input.number);
    expect(vouchers).toHaveLength(1);
    expect(vouchers[0]).toMatchObject({ id: (booked.remote as { id: string }).id, totalGross: '2195.50', status: 'open' });
    // The PDF is on it once: the save that timed out carried it already.
    expect(vouchers[0]!.files).toHaveLength(1);

    const rows = await logRows(hub, tenant.apiKey, `invoiceId=${id}`);
    const saves = rows.filter((r) => callName(r) === 'POST /Voucher/Factory/saveVoucher');
    expect(saves.map((r) => [r.statusCode, r.error])).toEqual([[504, true]]);
    // The second attempt looked before it wrote: findBooked's search by Belegnummer, then no new voucher.
    const lookup = rows.findIndex((r) => r.operation === 'findBooked');
    expect(lookup).toBeGreaterThan(rows.indexOf(saves[0]!));
    expect(rows.slice(lookup).filter((r) => r.method !== 'GET').map(callName)).toEqual([]);
    expect((await openapiReport(sandbox)).failures).toEqual([]);
  });

  it('the same for a cancellation: a 504 after its reducing voucher was saved books it once, with its document once', async () => {
    const id = await submitInvoice(hub, tenant, { ...seedInvoiceInputs.iLearn, number: 'RE21-01140' });
    await hub.waitForInvoice(tenant, id, ['booked']);
    await sandbox.control.injectFault({ match: { method: 'POST', path: 'saveVoucher' }, kind: 'after_write', status: 504 });
    const cancel = await hub.call('POST', `/v1/invoices/${id}/cancel`, {
      token: tenant.apiKey,
      body: { number: 'RE21-01141', date: '2021-01-28', document: samplePdfDocument('RE21-01141.pdf', 'Stornobeleg RE21-01141') },
    });
    expect(cancel.statusCode, cancel.body).toBe(202);
    const done = await hub.waitForInvoice(tenant, id, ['booked'], { cancellation: ['booked'] });
    expect(done.cancellation).toMatchObject({ attempts: 2, remote: { kind: 'voucher', number: 'RE21-01141' } });

    const reductions = (await sandbox.control.documents()).filter((d) => d.number === 'RE21-01141');
    expect(reductions).toHaveLength(1);
    expect(reductions[0]).toMatchObject({ totalGross: '10495.00', files: [expect.any(String)] });
    expect(sandbox.state.vouchers.get(Number(reductions[0]!.id))?.sumGross).toBe('-10495.00');
    const saves = (await logRows(hub, tenant.apiKey, `invoiceId=${id}`)).filter((r) => callName(r) === 'POST /Voucher/Factory/saveVoucher');
    // The original's save, then the cancellation's save that timed out; nothing saved again.
    expect(saves.map((r) => r.statusCode)).toEqual([201, 504]);
  });
});
