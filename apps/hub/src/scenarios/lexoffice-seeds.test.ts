/**
 * Issue 4, "Done when" 1: the SEMCO guide's worked examples through the hub's REST API into a lexoffice sandbox,
 * in both modes, with the guide's amounts to the cent and every call visible in GET /v1/logs.
 */
import { createLexofficeSandbox, type LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import { seedCancellations, seedExpectations, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';
import { apiKeyTenant, callLog, callName, sha256Base64, submit, TEST_RPS } from './lexoffice-support.js';

let hub: TestHub;
/** One lexoffice account per tenant, as in real life. */
let invoiceSandbox: LexofficeSandbox;
let voucherSandbox: LexofficeSandbox;
let invoiceTenant: TestTenant;
let voucherTenant: TestTenant;

beforeAll(async () => {
  [invoiceSandbox, voucherSandbox] = await Promise.all([
    createLexofficeSandbox({ requestsPerSecond: TEST_RPS }),
    createLexofficeSandbox({ requestsPerSecond: TEST_RPS }),
  ]);
  hub = await startTestHub({ captureLogs: true });
  invoiceTenant = await apiKeyTenant(hub, invoiceSandbox, 'SEMCO Akademie (Pro-forma)', { mode: 'invoice', invoiceStatus: 'finalized' });
  voucherTenant = await apiKeyTenant(hub, voucherSandbox, 'SEMCO Akademie (Rechnungen)', { mode: 'voucher' });
});
afterAll(async () => {
  await hub?.close();
  await invoiceSandbox?.close();
  await voucherSandbox?.close();
});

async function getJson(tenant: TestTenant, url: string) {
  const res = await hub.call('GET', url, { token: tenant.apiKey });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The customer as GET /v1/customers/{ref} shows it, checked against the contact in the sandbox. */
async function expectCustomerNumberWrittenBack(tenant: TestTenant, sandbox: LexofficeSandbox, ref: string, name: string) {
  const customer = await getJson(tenant, `/v1/customers/${ref}`);
  const remote = (await sandbox.control.customers()).find((c) => c.name === name);
  expect(remote?.customerNumber).toMatch(/^1\d{4}$/);
  expect(customer.remote).toEqual({ connector: 'lexoffice', id: remote!.id, customerNumber: remote!.customerNumber });
  return customer.remote as { id: string; customerNumber: string };
}

describe('invoice mode (pro-forma invoices, lexoffice issues the invoice, status finalized)', () => {
  let jannikId: string;
  let jodelId: string;

  it('books Jannik Huber (1.962,00 EUR with the 10 % discount line at 0 %) as a finalized invoice and writes lexoffice\'s number back', async () => {
    jannikId = await submit(hub, invoiceTenant, seedInvoiceInputs.jannikHuber);
    const booked = await hub.waitForInvoice(invoiceTenant, jannikId, ['booked']);
    expect(booked).toMatchObject({
      number: 'RE21-01036',
      status: 'booked',
      lastError: null,
      remote: { connector: 'lexoffice', kind: 'invoice', number: 'RE0001', status: 'open' },
      cancellation: null,
    });
    const remote = booked.remote as { id: string };

    const doc = (await invoiceSandbox.control.documents()).find((d) => d.id === remote.id);
    expect(doc).toMatchObject({ kind: 'invoice', number: 'RE0001', status: 'open', ...seedExpectations.jannikHuber });
    expect(doc?.totalGross).toBe('1962.00');

    const customer = await expectCustomerNumberWrittenBack(invoiceTenant, invoiceSandbox, 'TN-10051', 'Jannik Huber');
    expect(doc?.customerId).toBe(customer.id);
    const contact = invoiceSandbox.state.contacts.get(customer.id)!;
    expect(contact.person).toMatchObject({ salutation: 'Herr', firstName: 'Jannik', lastName: 'Huber' });
    expect(contact.phoneNumbers).toEqual({ business: ['06221-54545455'], mobile: ['0173-56655111'] });

    const calls = await callLog(hub, invoiceTenant, { invoiceId: jannikId });
    expect(calls.map(callName)).toEqual(
      expect.arrayContaining(['POST /v1/contacts', 'GET /v1/contacts/{id}', 'POST /v1/invoices']),
    );
    const create = calls.find((c) => callName(c) === 'POST /v1/contacts')!;
    expect(create).toMatchObject({ statusCode: 200, error: false, operation: 'upsertCustomer', invoiceId: jannikId });
    expect(create.request).toMatchObject({ roles: { customer: {} }, person: { lastName: 'Huber' }, version: 0 });
    expect(create.response).toMatchObject({ id: customer.id });
    const post = calls.find((c) => callName(c) === 'POST /v1/invoices')!;
    expect(post).toMatchObject({ statusCode: expect.any(Number), error: false });
    expect(post.statusCode).toBeLessThan(300);
    expect(post.path).toContain('finalize=true');
    expect(post.response).toMatchObject({ id: remote.id });
  });

  it('books Jodel und Söhne GbR (4.284,00 EUR) with its main contact person, then cancels it as a finalized credit note linked to the invoice', async () => {
    jodelId = await submit(hub, invoiceTenant, seedInvoiceInputs.jodelUndSoehne);
    const booked = await hub.waitForInvoice(invoiceTenant, jodelId, ['booked']);
    expect(booked.remote).toMatchObject({ connector: 'lexoffice', kind: 'invoice', number: 'RE0002', status: 'open' });
    const invoiceRemote = booked.remote as { id: string };
    const doc = (await invoiceSandbox.control.documents()).find((d) => d.id === invoiceRemote.id);
    expect(doc).toMatchObject({ kind: 'invoice', status: 'open', totalNet: '3600.00', totalTax: '684.00', totalGross: '4284.00' });

    const customer = await expectCustomerNumberWrittenBack(invoiceTenant, invoiceSandbox, 'FN-0008', 'Jodel und Söhne GbR');
    expect(invoiceSandbox.state.contacts.get(customer.id)?.company?.contactPersons).toEqual([
      expect.objectContaining({ primary: true, salutation: 'Herr', firstName: 'Stefan', lastName: 'Holz', emailAddress: 'stefan.holz@semcosoft.com' }),
    ]);

    const cancel = await hub.call('POST', `/v1/invoices/${jodelId}/cancel`, { token: invoiceTenant.apiKey, body: seedCancellations.jodelUndSoehne });
    expect(cancel.statusCode, cancel.body).toBe(202);
    const cancelled = await hub.waitForInvoice(invoiceTenant, jodelId, ['booked'], { cancellation: ['booked'] });
    expect(cancelled.cancellation).toMatchObject({
      number: 'RE21-01038',
      status: 'booked',
      // Finalized and linked: lexoffice settles the invoice with it at once (not a draft).
      remote: { connector: 'lexoffice', kind: 'credit_note', number: 'GS0001', status: 'paidoff' },
    });
    const creditId = (cancelled.cancellation as { remote: { id: string } }).remote.id;
    const credit = (await invoiceSandbox.control.documents()).find((d) => d.id === creditId);
    expect(credit).toMatchObject({
      kind: 'credit_note',
      status: 'paidoff',
      precedingId: invoiceRemote.id,
      customerId: customer.id,
      totalNet: '3600.00',
      totalTax: '684.00',
      totalGross: '4284.00',
    });

    expect(invoiceSandbox.state.salesVouchers.get(invoiceRemote.id)).toMatchObject({
      voucherStatus: 'paid',
      relatedVouchers: [{ id: creditId, voucherNumber: 'GS0001', voucherType: 'creditnote' }],
    });

    const calls = await callLog(hub, invoiceTenant, { invoiceId: jodelId });
    const creditCall = calls.find((c) => callName(c) === 'POST /v1/credit-notes')!;
    expect(creditCall).toMatchObject({ error: false, response: { id: creditId } });
    expect(creditCall.path).toContain(`precedingSalesVoucherId=${invoiceRemote.id}`);
    expect(creditCall.path).toContain('finalize=true');
    // The customer was pushed once, by the booking; the cancellation found it unchanged.
    expect(calls.filter((c) => callName(c) === 'POST /v1/contacts')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([]);
  });
});

describe('voucher mode (the tenant issues the invoice, lexoffice books an income voucher with the PDF)', () => {
  it('books Bettina Wolf (2.195,50 EUR at 19 % and 7 %) as a salesinvoice voucher under the tenant\'s number with the PDF attached', async () => {
    const id = await submit(hub, voucherTenant, seedInvoiceInputs.bettinaWolf);
    const booked = await hub.waitForInvoice(voucherTenant, id, ['booked']);
    expect(booked.remote).toMatchObject({ connector: 'lexoffice', kind: 'voucher', number: 'RE21-01039' });
    const remote = booked.remote as { id: string };

    const doc = (await voucherSandbox.control.documents()).find((d) => d.id === remote.id);
    expect(doc).toMatchObject({ kind: 'voucher', number: 'RE21-01039', totalNet: '1850.00', totalTax: '345.50', totalGross: '2195.50' });
    expect(doc?.items?.map(({ taxRate, net, tax }) => ({ taxRate, net, tax })).sort((a, b) => b.taxRate - a.taxRate)).toEqual([
      { taxRate: 19, net: '1800.00', tax: '342.00' },
      { taxRate: 7, net: '50.00', tax: '3.50' },
    ]);
    expect(doc?.files).toHaveLength(1);
    const file = voucherSandbox.state.files.get(doc!.files[0]!)!;
    expect(file).toMatchObject({ filename: 'RE21-01039.pdf', contentType: 'pdf' });
    expect(file.sha256).toBe(sha256Base64(seedInvoiceInputs.bettinaWolf.document.contentBase64));
    expect(voucherSandbox.state.vouchers.get(remote.id)?.type).toBe('salesinvoice');

    await expectCustomerNumberWrittenBack(voucherTenant, voucherSandbox, 'TN-10053', 'Bettina Wolf');
  });

  it('books I-Learn GmbH (10.495,00 EUR: Einnahmen 19 % 8.100,00 and 7 % 800,00), then cancels it with RE21-01041 as a salescreditnote voucher with the document', async () => {
    const id = await submit(hub, voucherTenant, seedInvoiceInputs.iLearn);
    const booked = await hub.waitForInvoice(voucherTenant, id, ['booked']);
    expect(booked.remote).toMatchObject({ connector: 'lexoffice', kind: 'voucher', number: 'RE21-01040' });
    const remote = booked.remote as { id: string };

    const doc = (await voucherSandbox.control.documents()).find((d) => d.id === remote.id);
    expect(doc).toMatchObject({ kind: 'voucher', number: 'RE21-01040', totalNet: '8900.00', totalTax: '1595.00', totalGross: '10495.00' });
    const items = doc?.items?.map(({ taxRate, net, tax, gross }) => ({ taxRate, net, tax, gross })).sort((a, b) => b.taxRate - a.taxRate);
    expect(items).toEqual([
      { taxRate: 19, net: '8100.00', tax: '1539.00', gross: '9639.00' },
      { taxRate: 7, net: '800.00', tax: '56.00', gross: '856.00' },
    ]);
    // "Einnahmen" (revenue), the guide's category for both rates.
    expect(new Set(doc?.items?.map((i) => i.category))).toEqual(new Set(['8f8664a1-fd86-11e1-a21f-0800200c9a66']));
    expect(doc?.files).toHaveLength(1);
    expect(voucherSandbox.state.files.get(doc!.files[0]!)?.sha256).toBe(sha256Base64(seedInvoiceInputs.iLearn.document.contentBase64));

    const customer = await expectCustomerNumberWrittenBack(voucherTenant, voucherSandbox, 'FN-0010', 'I-Learn GmbH');
    expect(voucherSandbox.state.contacts.get(customer.id)?.company?.contactPersons).toEqual([
      expect.objectContaining({ primary: true, firstName: 'Nina', lastName: 'Zimmermann', phoneNumber: '089-664555' }),
    ]);

    // The guide's call log: POST /v1/contacts, POST /v1/vouchers, POST /v1/vouchers/{id}/files.
    const calls = await callLog(hub, voucherTenant, { invoiceId: id });
    const writes = calls.filter((c) => c.method !== 'GET').map(callName);
    expect(writes).toEqual(['POST /v1/contacts', 'POST /v1/vouchers', 'POST /v1/vouchers/{id}/files']);
    const voucherCall = calls.find((c) => callName(c) === 'POST /v1/vouchers')!;
    expect(voucherCall).toMatchObject({
      operation: 'bookVoucher',
      error: false,
      request: {
        type: 'salesinvoice',
        voucherNumber: 'RE21-01040',
        taxType: 'net',
        contactId: customer.id,
        totalGrossAmount: 10495,
        totalTaxAmount: 1595,
      },
      response: { id: remote.id },
    });
    expect(voucherCall.statusCode).toBeGreaterThanOrEqual(200);
    expect(voucherCall.statusCode).toBeLessThan(300);
    expect((voucherCall.request as { voucherItems: unknown[] }).voucherItems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ amount: 8100, taxAmount: 1539, taxRatePercent: 19 }),
        expect.objectContaining({ amount: 800, taxAmount: 56, taxRatePercent: 7 }),
      ]),
    );
    const fileCall = calls.find((c) => callName(c) === 'POST /v1/vouchers/{id}/files')!;
    expect(fileCall).toMatchObject({ error: false, path: `/v1/vouchers/${remote.id}/files`, response: { id: doc!.files[0] } });
    expect(fileCall.statusCode).toBeLessThan(300);

    // Case 3: RE21-01041 cancels RE21-01040.
    const cancel = await hub.call('POST', `/v1/invoices/${id}/cancel`, { token: voucherTenant.apiKey, body: seedCancellations.iLearn });
    expect(cancel.statusCode, cancel.body).toBe(202);
    const cancelled = await hub.waitForInvoice(voucherTenant, id, ['booked'], { cancellation: ['booked'] });
    expect(cancelled.cancellation).toMatchObject({
      number: 'RE21-01041',
      status: 'booked',
      remote: { connector: 'lexoffice', kind: 'voucher', number: 'RE21-01041' },
    });
    const creditId = (cancelled.cancellation as { remote: { id: string } }).remote.id;
    expect(voucherSandbox.state.vouchers.get(creditId)).toMatchObject({ type: 'salescreditnote', voucherNumber: 'RE21-01041', contactId: customer.id });
    const credit = (await voucherSandbox.control.documents()).find((d) => d.id === creditId);
    expect(credit).toMatchObject({ kind: 'voucher', totalNet: '8900.00', totalTax: '1595.00', totalGross: '10495.00' });
    expect(credit?.items?.map(({ taxRate, net, tax }) => ({ taxRate, net, tax })).sort((a, b) => b.taxRate - a.taxRate)).toEqual([
      { taxRate: 19, net: '8100.00', tax: '1539.00' },
      { taxRate: 7, net: '800.00', tax: '56.00' },
    ]);
    expect(credit?.files).toHaveLength(1);
    const creditFile = voucherSandbox.state.files.get(credit!.files[0]!)!;
    expect(creditFile).toMatchObject({ filename: 'RE21-01041.pdf' });
    expect(creditFile.sha256).toBe(sha256Base64(seedCancellations.iLearn.document!.contentBase64));

    const after = await callLog(hub, voucherTenant, { invoiceId: id });
    const creditCalls = after.filter((c) => c.method !== 'GET').map(callName).slice(writes.length);
    expect(creditCalls).toEqual(['POST /v1/vouchers', 'POST /v1/vouchers/{id}/files']);
    expect(after.find((c) => callName(c) === 'POST /v1/vouchers' && c.id !== voucherCall.id)).toMatchObject({
      error: false,
      request: { type: 'salescreditnote', voucherNumber: 'RE21-01041', totalGrossAmount: 10495 },
      response: { id: creditId },
    });
  });
});

describe('at lexoffice\'s real rate limit (2 requests/s)', () => {
  it('books two invoices back to back without a single 429, the hub pacing itself per connection', async () => {
    const sandbox = await createLexofficeSandbox(); // 2/s, as lexoffice
    try {
      const tenant = await apiKeyTenant(hub, sandbox, 'SEMCO Akademie (2/s)', { mode: 'voucher' }, { requestsPerSecond: null });
      const before = await sandbox.control.stats();
      const ids = [await submit(hub, tenant, seedInvoiceInputs.bettinaWolf), await submit(hub, tenant, seedInvoiceInputs.iLearn)];
      for (const id of ids) await hub.waitForInvoice(tenant, id, ['booked'], { timeoutMs: 20_000 });
      const stats = await sandbox.control.stats();
      expect(stats.requests - before.requests).toBeGreaterThanOrEqual(8);
      expect(stats.rateLimited).toBe(0);
      const totals = (await sandbox.control.documents()).map((d) => d.totalGross).sort();
      expect(totals).toEqual(['10495.00', '2195.50']);
      expect((await callLog(hub, tenant)).filter((c) => c.statusCode === 429)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('secrets', () => {
  it('no API key appears in the call log (any tenant, any row) or in the process logs', async () => {
    const rows = [...(await callLog(hub, invoiceTenant)), ...(await callLog(hub, voucherTenant))];
    expect(rows.length).toBeGreaterThan(10);
    const keys = [invoiceSandbox.apiKey, voucherSandbox.apiKey, invoiceTenant.apiKey, voucherTenant.apiKey];
    const logText = JSON.stringify(rows);
    const processLogs = hub.logs();
    expect(processLogs).toContain('invoice booked');
    for (const key of keys) {
      expect(logText).not.toContain(key);
      expect(processLogs).not.toContain(key);
    }
  });
});
