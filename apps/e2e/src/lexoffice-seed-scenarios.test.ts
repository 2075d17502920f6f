/**
 * Issue 6 for lexoffice: the SEMCO guide's worked examples through the hub running as its own process, over HTTP,
 * into lexoffice sandboxes running as their own processes, in both modes, read back from the sandboxes to the cent,
 * with every call in GET /v1/logs; and the invalid VAT id that fails into the tenant's inbox.
 */
import { seedCancellations, seedExpectations, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectedTenant,
  type ConnectTenantOptions,
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
import { CONNECTION_RPS, documentById, itemsByRate, lexofficeRaw, SANDBOX_RPS, sha256OfBase64 } from './support/scenarios.js';

let db: TestPostgres;
let hub: HubProcess;
/** One lexoffice account (sandbox process) per tenant, as in real life. */
let invoiceSandbox: SandboxProcess<'lexoffice'>;
let voucherSandbox: SandboxProcess<'lexoffice'>;
let boerseSandbox: SandboxProcess<'lexoffice'>;
let invoiceTenant: ConnectedTenant;
let voucherTenant: ConnectedTenant;
let boerseTenant: ConnectedTenant;
const ids = { jannikHuber: '', jodelUndSoehne: '', bettinaWolf: '', iLearn: '', boerseGmbH: '' };

beforeAll(async () => {
  db = await createTestPostgres();
  const sandbox = () => startSandboxProcess('lexoffice', { requestsPerSecond: SANDBOX_RPS });
  [hub, invoiceSandbox, voucherSandbox, boerseSandbox] = await Promise.all([
    startHubProcess({ env: { DATABASE_URL: db.url }, name: 'hub-lexoffice' }),
    sandbox(),
    sandbox(),
    sandbox(),
  ]);
  const admin = hubClient(hub.url, hub.adminToken);
  const connect = (sandbox: SandboxProcess<'lexoffice'>, name: string, settings: ConnectTenantOptions['settings']) =>
    connectTenant({ admin, sandbox, name, settings, requestsPerSecond: CONNECTION_RPS });
  [invoiceTenant, voucherTenant, boerseTenant] = await Promise.all([
    connect(invoiceSandbox, 'SEMCO Akademie (Pro-forma)', { mode: 'invoice', invoiceStatus: 'finalized' }),
    connect(voucherSandbox, 'SEMCO Akademie (Rechnungen)', { mode: 'voucher' }),
    connect(boerseSandbox, 'SEMCO Akademie (Börse)', { mode: 'voucher' }),
  ]);
  // Everything goes in at once; the hub books each tenant's invoices in order, the tenants in parallel.
  ids.jannikHuber = (await invoiceTenant.api.createInvoice(seedInvoiceInputs.jannikHuber)).id;
  ids.jodelUndSoehne = (await invoiceTenant.api.createInvoice(seedInvoiceInputs.jodelUndSoehne)).id;
  ids.bettinaWolf = (await voucherTenant.api.createInvoice(seedInvoiceInputs.bettinaWolf)).id;
  ids.iLearn = (await voucherTenant.api.createInvoice(seedInvoiceInputs.iLearn)).id;
  ids.boerseGmbH = (await boerseTenant.api.createInvoice(seedInvoiceInputs.boerseGmbH)).id;
});

afterAll(async () => {
  await Promise.all([hub?.stop(), invoiceSandbox?.stop(), voucherSandbox?.stop(), boerseSandbox?.stop()]);
  await db?.drop();
});

describe('voucher mode: lexoffice books income vouchers with the tenant\'s PDF', () => {
  it('books Bettina Wolf (2.195,50 EUR at 19 % and 7 %) under the tenant\'s number with the PDF', async () => {
    const booked = await voucherTenant.api.waitForStatus(ids.bettinaWolf, 'booked');
    expect(booked).toMatchObject({ number: 'RE21-01039', lastError: null, remote: { connector: 'lexoffice', kind: 'voucher', number: 'RE21-01039' } });
    const doc = await documentById(voucherSandbox, booked.remote!.id);
    const { totalNet, totalTax, totalGross, rates } = seedExpectations.bettinaWolf;
    expect(doc).toMatchObject({ kind: 'voucher', number: 'RE21-01039', totalNet, totalTax, totalGross });
    expect(itemsByRate(doc)).toEqual([...rates].sort((a, b) => b.taxRate - a.taxRate));

    const raw = await lexofficeRaw(voucherSandbox);
    expect(raw.vouchers.find((v) => v.id === doc.id)?.type).toBe('salesinvoice');
    const files = raw.files.filter((f) => f.voucherId === doc.id);
    expect(files).toEqual([expect.objectContaining({ filename: 'RE21-01039.pdf', sha256: sha256OfBase64(seedInvoiceInputs.bettinaWolf.document.contentBase64) })]);

    const calls = await voucherTenant.api.logs({ invoiceId: ids.bettinaWolf });
    expect(calls.filter((c) => c.method !== 'GET').map(callName)).toEqual(['POST /v1/contacts', 'POST /v1/vouchers', 'POST /v1/vouchers/{id}/files']);
    for (const call of calls) {
      expect(call).toMatchObject({ tenantId: voucherTenant.tenant.id, connector: 'lexoffice', invoiceId: ids.bettinaWolf, error: false });
    }
  });

  it('books I-Learn GmbH (10.495,00 EUR) and cancels it with RE21-01041 as a salescreditnote voucher with its document', async () => {
    const booked = await voucherTenant.api.waitForStatus(ids.iLearn, 'booked');
    expect(booked.remote).toMatchObject({ connector: 'lexoffice', kind: 'voucher', number: 'RE21-01040' });
    const doc = await documentById(voucherSandbox, booked.remote!.id);
    const { totalNet, totalTax, totalGross, rates } = seedExpectations.iLearn;
    expect(doc).toMatchObject({ kind: 'voucher', number: 'RE21-01040', totalNet, totalTax, totalGross });
    expect(itemsByRate(doc)).toEqual([...rates].sort((a, b) => b.taxRate - a.taxRate));

    const voucherCall = (await voucherTenant.api.logs({ invoiceId: ids.iLearn })).find((c) => callName(c) === 'POST /v1/vouchers')!;
    expect(voucherCall).toMatchObject({
      operation: 'bookVoucher',
      error: false,
      request: { type: 'salesinvoice', voucherNumber: 'RE21-01040', totalGrossAmount: 10495, totalTaxAmount: 1595 },
      response: { id: doc.id },
    });

    await voucherTenant.api.cancelInvoice(ids.iLearn, seedCancellations.iLearn);
    const cancelled = await voucherTenant.api.waitForStatus(ids.iLearn, 'booked', { cancellation: ['booked'] });
    expect(cancelled.cancellation).toMatchObject({ number: 'RE21-01041', remote: { connector: 'lexoffice', kind: 'voucher', number: 'RE21-01041' } });
    const credit = await documentById(voucherSandbox, cancelled.cancellation!.remote!.id);
    expect(credit).toMatchObject({ kind: 'voucher', number: 'RE21-01041', totalNet, totalTax, totalGross });
    expect(itemsByRate(credit)).toEqual([...rates].sort((a, b) => b.taxRate - a.taxRate));

    const raw = await lexofficeRaw(voucherSandbox);
    expect(raw.vouchers.find((v) => v.id === credit.id)).toMatchObject({ type: 'salescreditnote', contactId: doc.customerId });
    expect(raw.files.filter((f) => f.voucherId === credit.id)).toEqual([
      expect.objectContaining({ filename: 'RE21-01041.pdf', sha256: sha256OfBase64(seedCancellations.iLearn.document!.contentBase64) }),
    ]);

    const writes = (await voucherTenant.api.logs({ invoiceId: ids.iLearn })).filter((c) => c.method !== 'GET').map(callName);
    expect(writes).toEqual(['POST /v1/contacts', 'POST /v1/vouchers', 'POST /v1/vouchers/{id}/files', 'POST /v1/vouchers', 'POST /v1/vouchers/{id}/files']);
  });
});

describe('invoice mode (finalized): lexoffice issues the invoices and its numbers are written back', () => {
  it('books Jannik Huber (1.962,00 EUR, the 10 % discount line at 0 %) as a finalized invoice under lexoffice\'s number', async () => {
    const booked = await invoiceTenant.api.waitForStatus(ids.jannikHuber, 'booked');
    expect(booked).toMatchObject({ number: 'RE21-01036', lastError: null, remote: { connector: 'lexoffice', kind: 'invoice', status: 'open' } });
    // lexoffice's own number (its RE sequence), not the tenant's pro-forma number.
    expect(booked.remote!.number).toMatch(/^RE\d{4}$/);
    const doc = await documentById(invoiceSandbox, booked.remote!.id);
    expect(doc).toMatchObject({ kind: 'invoice', number: booked.remote!.number, status: 'open', ...seedExpectations.jannikHuber });

    const calls = await invoiceTenant.api.logs({ invoiceId: ids.jannikHuber });
    expect(calls.map(callName)).toEqual(expect.arrayContaining(['POST /v1/contacts', 'POST /v1/invoices']));
    const post = calls.find((c) => callName(c) === 'POST /v1/invoices')!;
    expect(post.path).toContain('finalize=true');
    expect(post).toMatchObject({ operation: 'bookInvoice', error: false, response: { id: doc.id } });
  });

  it('books Jodel und Söhne GbR (4.284,00 EUR) and cancels it as a finalized credit note linked to the invoice', async () => {
    const booked = await invoiceTenant.api.waitForStatus(ids.jodelUndSoehne, 'booked');
    expect(booked.remote).toMatchObject({ connector: 'lexoffice', kind: 'invoice', status: 'open' });
    expect(booked.remote!.number).toMatch(/^RE\d{4}$/);
    const doc = await documentById(invoiceSandbox, booked.remote!.id);
    expect(doc).toMatchObject({ kind: 'invoice', number: booked.remote!.number, ...seedExpectations.jodelUndSoehne });

    await invoiceTenant.api.cancelInvoice(ids.jodelUndSoehne, seedCancellations.jodelUndSoehne);
    const cancelled = await invoiceTenant.api.waitForStatus(ids.jodelUndSoehne, 'booked', { cancellation: ['booked'] });
    expect(cancelled.cancellation).toMatchObject({
      number: 'RE21-01038',
      status: 'booked',
      remote: { connector: 'lexoffice', kind: 'credit_note', status: 'paidoff' },
    });
    expect(cancelled.cancellation!.remote!.number).toMatch(/^GS\d{4}$/);
    const credit = await documentById(invoiceSandbox, cancelled.cancellation!.remote!.id);
    expect(credit).toMatchObject({
      kind: 'credit_note',
      number: cancelled.cancellation!.remote!.number,
      precedingId: doc.id,
      customerId: doc.customerId,
      ...seedExpectations.jodelUndSoehne,
    });
    const raw = await lexofficeRaw(invoiceSandbox);
    expect(raw.salesVouchers.find((s) => s.id === doc.id)).toMatchObject({
      voucherStatus: 'paid',
      relatedVouchers: [expect.objectContaining({ id: credit.id, voucherType: 'creditnote' })],
    });

    const creditCall = (await invoiceTenant.api.logs({ invoiceId: ids.jodelUndSoehne })).find((c) => callName(c) === 'POST /v1/credit-notes')!;
    expect(creditCall).toMatchObject({ error: false, response: { id: credit.id } });
    expect(creditCall.path).toContain(`precedingSalesVoucherId=${doc.id}`);
  });

  it('shows both customers in lexoffice with the customer numbers written back to the hub', async () => {
    await invoiceTenant.api.waitForStatus(ids.jodelUndSoehne, 'booked');
    const contacts = await invoiceSandbox.control.customers();
    expect(contacts.map((c) => c.name).sort()).toEqual(['Jannik Huber', 'Jodel und Söhne GbR']);
    for (const ref of ['TN-10051', 'FN-0008']) {
      const { body } = await invoiceTenant.api.request<{ remote: { connector: string; id: string; customerNumber: string } }>('GET', `/v1/customers/${ref}`);
      const contact = contacts.find((c) => c.id === body.remote.id);
      expect(contact?.customerNumber).toMatch(/^1\d{4}$/);
      expect(body.remote).toEqual({ connector: 'lexoffice', id: contact!.id, customerNumber: contact!.customerNumber });
    }
  });
});

describe('an invalid VAT id (Börse GmbH, DE28407065)', () => {
  it('fails with lexoffice\'s reason, opens one notification in the inbox and books nothing', async () => {
    const failed = await boerseTenant.api.waitForStatus(ids.boerseGmbH, 'failed');
    expect(failed).toMatchObject({
      number: 'RE21-01043',
      remote: null,
      attempts: 1,
      lastError: { kind: 'validation', field: 'customer.vatId', providerField: 'company.vatRegistrationId', httpStatus: 406 },
    });
    const open = await boerseTenant.api.notifications('open');
    expect(open).toEqual([expect.objectContaining({ invoiceId: ids.boerseGmbH, kind: 'sync_failed', state: 'open', resolution: null })]);
    expect(open[0]!.message).toContain('RE21-01043');
    expect(open[0]!.message).toContain('DE28407065');

    const errors = await boerseTenant.api.logs({ errorsOnly: true });
    expect(errors.map(callName)).toEqual(['POST /v1/contacts']);
    expect(errors[0]).toMatchObject({
      invoiceId: ids.boerseGmbH,
      statusCode: 406,
      error: true,
      request: { company: { name: 'Börse GmbH', vatRegistrationId: 'DE28407065' } },
    });
    expect(await boerseSandbox.control.documents()).toEqual([]);
  });
});

describe('secrets', () => {
  it('no API key appears in the call log or the hub process\'s output', async () => {
    await voucherTenant.api.waitForStatus(ids.iLearn, 'booked', { cancellation: ['booked'] });
    const admin = hubClient(hub.url, hub.adminToken);
    const rows = await admin.logs({ connector: 'lexoffice' });
    expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set([invoiceTenant.tenant.id, voucherTenant.tenant.id, boerseTenant.tenant.id]));
    const logText = JSON.stringify(rows);
    const output = hub.logs();
    expect(output).toContain('invoice booked');
    for (const key of [invoiceSandbox, voucherSandbox, boerseSandbox].map((s) => s.credentials.apiKey)) {
      expect(logText).not.toContain(key);
      expect(output).not.toContain(key);
    }
  });
});
