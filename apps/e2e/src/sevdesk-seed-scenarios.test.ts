/**
 * Issue 6 for sevdesk: the SEMCO guide's worked examples through the hub running as its own process, over HTTP,
 * into sevdesk sandboxes running as their own processes: invoice mode (finalized, sevdesk's numbers written back)
 * and voucher mode with all four examples, read back from the sandboxes to the cent, every call in GET /v1/logs,
 * and every request accepted by sevdesk's OpenAPI description.
 */
import { seedCancellations, seedExpectations, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectedTenant,
  callName,
  connectTenant,
  createTestPostgres,
  type HubProcess,
  hubClient,
  type SandboxProcess,
  startHubProcess,
  startSandboxProcess,
  type TestPostgres,
} from './harness/index.js';
import { CONNECTION_RPS, documentById, itemsByRate, SANDBOX_RPS } from './support/scenarios.js';

type SeedKey = 'jannikHuber' | 'jodelUndSoehne' | 'bettinaWolf' | 'iLearn';
const ALL: SeedKey[] = ['jannikHuber', 'jodelUndSoehne', 'bettinaWolf', 'iLearn'];

let db: TestPostgres;
let hub: HubProcess;
/** One sevdesk account (sandbox process) per tenant. */
let invoiceSandbox: SandboxProcess<'sevdesk'>;
let voucherSandbox: SandboxProcess<'sevdesk'>;
let invoiceTenant: ConnectedTenant;
let voucherTenant: ConnectedTenant;
const invoiceIds: Partial<Record<SeedKey, string>> = {};
const voucherIds: Record<SeedKey, string> = { jannikHuber: '', jodelUndSoehne: '', bettinaWolf: '', iLearn: '' };

beforeAll(async () => {
  db = await createTestPostgres();
  const sandbox = () => startSandboxProcess('sevdesk', { requestsPerSecond: SANDBOX_RPS });
  [hub, invoiceSandbox, voucherSandbox] = await Promise.all([
    startHubProcess({ env: { DATABASE_URL: db.url }, name: 'hub-sevdesk' }),
    sandbox(),
    sandbox(),
  ]);
  const admin = hubClient(hub.url, hub.adminToken);
  [invoiceTenant, voucherTenant] = await Promise.all([
    connectTenant({
      admin,
      sandbox: invoiceSandbox,
      name: 'SEMCO Akademie (Pro-forma)',
      settings: { mode: 'invoice', invoiceStatus: 'finalized' },
      requestsPerSecond: CONNECTION_RPS,
    }),
    connectTenant({ admin, sandbox: voucherSandbox, name: 'SEMCO Akademie (Belege)', settings: { mode: 'voucher' }, requestsPerSecond: CONNECTION_RPS }),
  ]);
  for (const key of ['jannikHuber', 'jodelUndSoehne'] as const) invoiceIds[key] = (await invoiceTenant.api.createInvoice(seedInvoiceInputs[key])).id;
  for (const key of ALL) voucherIds[key] = (await voucherTenant.api.createInvoice(seedInvoiceInputs[key])).id;
});

afterAll(async () => {
  await Promise.all([hub?.stop(), invoiceSandbox?.stop(), voucherSandbox?.stop()]);
  await db?.drop();
});

describe('invoice mode (finalized): sevdesk creates the invoices and its numbers are written back', () => {
  it('books Jannik Huber and Jodel und Söhne to the cent under sevdesk\'s numbers', async () => {
    const numbers: string[] = [];
    for (const key of ['jannikHuber', 'jodelUndSoehne'] as const) {
      const booked = await invoiceTenant.api.waitForStatus(invoiceIds[key]!, 'booked');
      expect(booked).toMatchObject({ number: seedInvoiceInputs[key].number, lastError: null, remote: { connector: 'sevdesk', kind: 'invoice', status: 'open' } });
      expect(booked.remote!.number).toMatch(/^RE-\d+$/);
      numbers.push(booked.remote!.number!);
      const doc = await documentById(invoiceSandbox, booked.remote!.id);
      expect(doc).toMatchObject({ kind: 'invoice', number: booked.remote!.number, status: 'open', ...seedExpectations[key] });
      const customer = (await invoiceSandbox.control.customers()).find((c) => c.id === doc.customerId);
      expect(customer?.customerNumber).toBe(seedInvoiceInputs[key].customer.ref);
    }
    expect(new Set(numbers).size).toBe(2);

    const rows = await invoiceTenant.api.logs({ invoiceId: invoiceIds.jannikHuber! });
    const calls = rows.map(callName);
    expect(calls).toEqual(expect.arrayContaining(['POST /Contact', 'POST /Invoice/Factory/saveInvoice', 'PUT /Invoice/{id}/sendBy']));
    expect(calls.indexOf('POST /Contact')).toBeLessThan(calls.indexOf('POST /Invoice/Factory/saveInvoice'));
    expect(calls.indexOf('POST /Invoice/Factory/saveInvoice')).toBeLessThan(calls.indexOf('PUT /Invoice/{id}/sendBy'));
    for (const row of rows) expect(row).toMatchObject({ tenantId: invoiceTenant.tenant.id, connector: 'sevdesk', error: false });
    const save = rows.find((r) => callName(r) === 'POST /Invoice/Factory/saveInvoice')!;
    expect(save).toMatchObject({ operation: 'bookInvoice', statusCode: 201 });
    expect(JSON.stringify(save.request)).toContain('Rabatt 10.00% auf Kursgebühr');
  });

  it('cancels Jodel und Söhne with sevdesk\'s cancellation invoice for the full amount', async () => {
    const booked = await invoiceTenant.api.waitForStatus(invoiceIds.jodelUndSoehne!, 'booked');
    await invoiceTenant.api.cancelInvoice(invoiceIds.jodelUndSoehne!, seedCancellations.jodelUndSoehne);
    const done = await invoiceTenant.api.waitForStatus(invoiceIds.jodelUndSoehne!, 'booked', { cancellation: ['booked'] });
    expect(done.cancellation).toMatchObject({ number: 'RE21-01038', remote: { connector: 'sevdesk', kind: 'credit_note' } });
    const note = await documentById(invoiceSandbox, done.cancellation!.remote!.id);
    expect(note).toMatchObject({ kind: 'credit_note', precedingId: booked.remote!.id, ...seedExpectations.jodelUndSoehne });
    expect((await documentById(invoiceSandbox, booked.remote!.id)).status).toBe('cancelled');
    expect((await invoiceTenant.api.logs({ invoiceId: invoiceIds.jodelUndSoehne! })).map(callName)).toContain('POST /Invoice/{id}/cancelInvoice');
  });
});

describe('voucher mode: sevdesk books revenue vouchers, all four examples', () => {
  it('books each example under the tenant\'s number to the cent, per tax rate, with the PDF where the tenant sent one', async () => {
    for (const key of ALL) {
      const input = seedInvoiceInputs[key];
      const booked = await voucherTenant.api.waitForStatus(voucherIds[key], 'booked');
      expect(booked).toMatchObject({ lastError: null, remote: { connector: 'sevdesk', kind: 'voucher', number: input.number } });
      const doc = await documentById(voucherSandbox, booked.remote!.id);
      const { totalNet, totalTax, totalGross } = seedExpectations[key];
      expect(doc).toMatchObject({ kind: 'voucher', number: input.number, status: 'open', totalNet, totalTax, totalGross });
      const expectation = seedExpectations[key];
      if ('rates' in expectation) expect(itemsByRate(doc)).toEqual([...expectation.rates].sort((a, b) => b.taxRate - a.taxRate));
      expect(doc.files).toHaveLength('document' in input ? 1 : 0);
    }
    // The discount line at 0 % of Jannik Huber's invoice is booked as its own item: 1,800.00 at 19 % less 180.00 at 0 %.
    const jannik = await documentById(voucherSandbox, (await voucherTenant.api.getInvoice(voucherIds.jannikHuber)).remote!.id);
    expect(itemsByRate(jannik)).toEqual([
      { taxRate: 19, net: '1800.00', tax: '342.00', gross: '2142.00' },
      { taxRate: 0, net: '-180.00', tax: '0.00', gross: '-180.00' },
    ]);
    expect((await voucherSandbox.control.documents()).filter((d) => d.kind === 'voucher')).toHaveLength(4);
    expect((await voucherSandbox.control.customers()).map((c) => c.name).sort()).toEqual([
      'Bettina Wolf',
      'I-Learn GmbH',
      'Jannik Huber',
      'Jodel und Söhne GbR',
    ]);

    const rows = await voucherTenant.api.logs({ invoiceId: voucherIds.bettinaWolf });
    const calls = rows.map(callName);
    expect(calls).toEqual(expect.arrayContaining(['POST /Contact', 'POST /Voucher/Factory/uploadTempFile', 'POST /Voucher/Factory/saveVoucher']));
    expect(calls.indexOf('POST /Voucher/Factory/uploadTempFile')).toBeLessThan(calls.indexOf('POST /Voucher/Factory/saveVoucher'));
    expect(rows.find((r) => callName(r) === 'POST /Voucher/Factory/saveVoucher')).toMatchObject({ operation: 'bookVoucher', error: false });
  });

  it('cancels I-Learn with RE21-01041: an income-reduction voucher for the full amount, per rate, with its document', async () => {
    await voucherTenant.api.waitForStatus(voucherIds.iLearn, 'booked');
    await voucherTenant.api.cancelInvoice(voucherIds.iLearn, seedCancellations.iLearn);
    const done = await voucherTenant.api.waitForStatus(voucherIds.iLearn, 'booked', { cancellation: ['booked'] });
    expect(done.cancellation).toMatchObject({ number: 'RE21-01041', remote: { connector: 'sevdesk', kind: 'voucher', number: 'RE21-01041' } });
    const doc = await documentById(voucherSandbox, done.cancellation!.remote!.id);
    const { totalNet, totalTax, totalGross, rates } = seedExpectations.iLearn;
    expect(doc).toMatchObject({ kind: 'voucher', number: 'RE21-01041', totalNet, totalTax, totalGross });
    expect([...(doc.items ?? [])].sort((a, b) => a.taxRate - b.taxRate)).toEqual(rates.map((r) => ({ ...r, category: 'revenue_reduction' })));
    expect(doc.files).toHaveLength(1);
  });
});

describe('secrets and conformance', () => {
  it('keeps the API tokens out of the call log and the hub\'s output; sevdesk\'s OpenAPI accepted every request', async () => {
    await invoiceTenant.api.waitForStatus(invoiceIds.jodelUndSoehne!, 'booked', { cancellation: ['booked'] });
    await voucherTenant.api.waitForStatus(voucherIds.iLearn, 'booked', { cancellation: ['booked'] });
    const rows = await hubClient(hub.url, hub.adminToken).logs({ connector: 'sevdesk' });
    expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set([invoiceTenant.tenant.id, voucherTenant.tenant.id]));
    const logText = JSON.stringify(rows);
    const output = hub.logs();
    for (const sandbox of [invoiceSandbox, voucherSandbox]) {
      expect(logText).not.toContain(sandbox.credentials.apiToken);
      expect(output).not.toContain(sandbox.credentials.apiToken);
      const report = (await (await fetch(`${sandbox.url}/__sandbox/openapi`)).json()) as { checked: number; failures: unknown[] };
      expect(report.checked).toBeGreaterThan(10);
      expect(report.failures).toEqual([]);
    }
  });
});
