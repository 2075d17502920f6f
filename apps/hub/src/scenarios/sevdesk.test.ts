/**
 * Issue 5 at hub level: the guide's worked examples (shared/seeds/000_*) go through the REST API to a tenant on
 * sevdesk, in invoice mode and in voucher mode, and are read back from the sevdesk sandbox to the cent. The calls
 * are in GET /v1/logs, the API token is nowhere, and sevdesk's OpenAPI description accepted every request.
 */
import type { SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import { seedCancellations, seedExpectations, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';
import {
  callName,
  connectSevdesk,
  databaseText,
  logRows,
  openapiReport,
  sandboxDocument,
  startSevdesk,
  submitInvoice,
} from './sevdesk-support.js';

let hub: TestHub;
/** One sevdesk account per tenant, as in real life. */
let invoiceSandbox: SevdeskSandbox;
let voucherSandbox: SevdeskSandbox;
let invoiceTenant: TestTenant;
let voucherTenant: TestTenant;
const ids: Record<'jannikHuber' | 'jodelUndSoehne' | 'bettinaWolf' | 'iLearn', string> = {
  jannikHuber: '',
  jodelUndSoehne: '',
  bettinaWolf: '',
  iLearn: '',
};

beforeAll(async () => {
  [invoiceSandbox, voucherSandbox, hub] = await Promise.all([startSevdesk(), startSevdesk(), startTestHub({ captureLogs: true })]);
  invoiceTenant = await hub.tenant('SEMCO Akademie (Rechnungen)');
  voucherTenant = await hub.tenant('SEMCO Akademie (Belege)');
  await connectSevdesk(hub, invoiceTenant, invoiceSandbox, { mode: 'invoice', invoiceStatus: 'finalized' });
  await connectSevdesk(hub, voucherTenant, voucherSandbox, { mode: 'voucher' });
  // Both tenants' invoices go in at once: the workers book them in parallel, one connection each.
  ids.jannikHuber = await submitInvoice(hub, invoiceTenant, seedInvoiceInputs.jannikHuber);
  ids.jodelUndSoehne = await submitInvoice(hub, invoiceTenant, seedInvoiceInputs.jodelUndSoehne);
  ids.bettinaWolf = await submitInvoice(hub, voucherTenant, seedInvoiceInputs.bettinaWolf);
  ids.iLearn = await submitInvoice(hub, voucherTenant, seedInvoiceInputs.iLearn);
});
afterAll(async () => {
  await hub?.close();
  await invoiceSandbox?.close();
  await voucherSandbox?.close();
});

describe('invoice mode (invoiceStatus finalized): sevdesk creates the invoice documents', () => {
  it('books Jannik Huber and Jodel und Söhne to the cent, and writes back the number sevdesk assigned', async () => {
    const cases = [
      ['jannikHuber', seedInvoiceInputs.jannikHuber.customer.ref],
      ['jodelUndSoehne', seedInvoiceInputs.jodelUndSoehne.customer.ref],
    ] as const;
    for (const [key, ref] of cases) {
      const booked = await hub.waitForInvoice(invoiceTenant, ids[key], ['booked']);
      const remote = booked.remote as { connector: string; kind: string; id: string; number: string; status: string };
      expect(remote).toMatchObject({ connector: 'sevdesk', kind: 'invoice', status: 'open' });
      const doc = await sandboxDocument(invoiceSandbox, remote.id);
      // The number is sevdesk's (its RE-%NUMBER sequence), not the tenant's pro-forma number.
      expect(remote.number).toMatch(/^RE-\d+$/);
      expect(doc).toMatchObject({ kind: 'invoice', number: remote.number, status: 'open', ...seedExpectations[key] });
      const customer = (await invoiceSandbox.control.customers()).find((c) => c.id === doc.customerId);
      expect(customer?.customerNumber).toBe(ref);
    }
    expect((await invoiceSandbox.control.documents()).filter((d) => d.kind === 'invoice')).toHaveLength(2);
    expect((await invoiceSandbox.control.customers()).map((c) => c.name).sort()).toEqual(['Jannik Huber', 'Jodel und Söhne GbR']);
  });

  it('shows the calls of each invoice in GET /v1/logs?invoiceId=', async () => {
    await hub.waitForInvoice(invoiceTenant, ids.jannikHuber, ['booked']);
    const rows = await logRows(hub, invoiceTenant.apiKey, `invoiceId=${ids.jannikHuber}`);
    const calls = rows.map(callName);
    expect(calls).toEqual(
      expect.arrayContaining(['POST /Contact', 'POST /Invoice/Factory/saveInvoice', 'PUT /Invoice/{id}/sendBy', 'GET /Invoice/{id}']),
    );
    // Customer first, then the document, then the send that makes sevdesk assign the number.
    expect(calls.indexOf('POST /Contact')).toBeLessThan(calls.indexOf('POST /Invoice/Factory/saveInvoice'));
    expect(calls.indexOf('POST /Invoice/Factory/saveInvoice')).toBeLessThan(calls.indexOf('PUT /Invoice/{id}/sendBy'));
    for (const row of rows) {
      expect(row).toMatchObject({ tenantId: invoiceTenant.id, connector: 'sevdesk', invoiceId: ids.jannikHuber, error: false });
    }
    const save = rows.find((r) => callName(r) === 'POST /Invoice/Factory/saveInvoice')!;
    expect(save.operation).toBe('bookInvoice');
    expect(save.statusCode).toBe(201);
    // Request and response bodies are there for support.
    expect(JSON.stringify(save.request)).toContain('Rabatt 10.00% auf Kursgebühr');
    expect(JSON.stringify(save.response)).toContain('"invoice"');
  });

  it('cancels Jodel und Söhne with sevdesk\'s cancellation invoice for the full amount (POST /v1/invoices/{id}/cancel)', async () => {
    const booked = await hub.waitForInvoice(invoiceTenant, ids.jodelUndSoehne, ['booked']);
    const originalId = (booked.remote as { id: string }).id;
    const res = await hub.call('POST', `/v1/invoices/${ids.jodelUndSoehne}/cancel`, {
      token: invoiceTenant.apiKey,
      body: seedCancellations.jodelUndSoehne,
    });
    expect(res.statusCode, res.body).toBe(202);
    const done = await hub.waitForInvoice(invoiceTenant, ids.jodelUndSoehne, ['booked'], { cancellation: ['booked'] });
    const cancellation = done.cancellation as { number: string; remote: { connector: string; kind: string; id: string; number: string } };
    expect(cancellation.number).toBe('RE21-01038');
    expect(cancellation.remote).toMatchObject({ connector: 'sevdesk', kind: 'credit_note', number: expect.stringMatching(/^RE-\d+$/) });

    const note = await sandboxDocument(invoiceSandbox, cancellation.remote.id);
    // The sandbox shows a reversing document's amounts with the sign turned: it takes back exactly 4,284.00.
    expect(note).toMatchObject({ kind: 'credit_note', precedingId: originalId, ...seedExpectations.jodelUndSoehne });
    expect(invoiceSandbox.state.invoices.get(Number(cancellation.remote.id))?.sumGross).toBe('-4284.00');
    expect((await sandboxDocument(invoiceSandbox, originalId)).status).toBe('cancelled');
    const calls = (await logRows(hub, invoiceTenant.apiKey, `invoiceId=${ids.jodelUndSoehne}`)).map(callName);
    expect(calls).toContain('POST /Invoice/{id}/cancelInvoice');
  });
});

describe('voucher mode: sevdesk books revenue vouchers with the tenant\'s PDF', () => {
  it('books Bettina Wolf and I-Learn to the cent, per tax rate, with the PDF attached', async () => {
    for (const key of ['bettinaWolf', 'iLearn'] as const) {
      const input = seedInvoiceInputs[key];
      const booked = await hub.waitForInvoice(voucherTenant, ids[key], ['booked']);
      const remote = booked.remote as { kind: string; id: string; number: string };
      expect(remote).toMatchObject({ connector: 'sevdesk', kind: 'voucher', number: input.number });
      const doc = await sandboxDocument(voucherSandbox, remote.id);
      const { rates, totalNet, totalTax, totalGross } = seedExpectations[key];
      expect(doc).toMatchObject({ kind: 'voucher', number: input.number, status: 'open', totalNet, totalTax, totalGross });
      const items = [...(doc.items ?? [])].sort((a, b) => a.taxRate - b.taxRate);
      expect(items).toEqual(rates.map((r) => ({ ...r, category: 'revenue' })));
      // The file sevdesk holds is the tenant's PDF, byte for byte.
      expect(doc.files).toHaveLength(1);
      const file = voucherSandbox.state.tempFiles.get(doc.files[0]!);
      expect(file?.mimeType).toBe('application/pdf');
      expect(file?.bytes.equals(Buffer.from(input.document.contentBase64, 'base64'))).toBe(true);
    }
    // I-Learn as the guide shows it: "Einnahmen 19 % 8.100,00 €, Einnahmen 7 % 800,00 €".
    const iLearn = await sandboxDocument(voucherSandbox, ((await hub.waitForInvoice(voucherTenant, ids.iLearn, ['booked'])).remote as { id: string }).id);
    expect(iLearn.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ taxRate: 19, net: '8100.00', tax: '1539.00' }),
        expect.objectContaining({ taxRate: 7, net: '800.00', tax: '56.00' }),
      ]),
    );
    expect((await voucherSandbox.control.documents()).filter((d) => d.kind === 'voucher')).toHaveLength(2);
  });

  it('shows the upload and the voucher in GET /v1/logs?invoiceId=', async () => {
    await hub.waitForInvoice(voucherTenant, ids.bettinaWolf, ['booked']);
    const rows = await logRows(hub, voucherTenant.apiKey, `invoiceId=${ids.bettinaWolf}`);
    const calls = rows.map(callName);
    expect(calls).toEqual(expect.arrayContaining(['POST /Contact', 'POST /Voucher/Factory/uploadTempFile', 'POST /Voucher/Factory/saveVoucher']));
    expect(calls.indexOf('POST /Voucher/Factory/uploadTempFile')).toBeLessThan(calls.indexOf('POST /Voucher/Factory/saveVoucher'));
    for (const row of rows) expect(row).toMatchObject({ tenantId: voucherTenant.id, connector: 'sevdesk', invoiceId: ids.bettinaWolf, error: false });
    // The upload is logged by its file, not its bytes.
    const upload = rows.find((r) => callName(r) === 'POST /Voucher/Factory/uploadTempFile')!;
    expect(JSON.stringify(upload.request)).toContain('RE21-01039.pdf');
    expect(JSON.stringify(upload.request)).not.toContain(seedInvoiceInputs.bettinaWolf.document.contentBase64.slice(0, 40));
  });

  it('cancels I-Learn with RE21-01041: an income-reduction voucher for the full amount, per rate, with its document', async () => {
    await hub.waitForInvoice(voucherTenant, ids.iLearn, ['booked']);
    const res = await hub.call('POST', `/v1/invoices/${ids.iLearn}/cancel`, { token: voucherTenant.apiKey, body: seedCancellations.iLearn });
    expect(res.statusCode, res.body).toBe(202);
    const done = await hub.waitForInvoice(voucherTenant, ids.iLearn, ['booked'], { cancellation: ['booked'] });
    const remote = (done.cancellation as { remote: { kind: string; id: string; number: string } }).remote;
    expect(remote).toMatchObject({ connector: 'sevdesk', kind: 'voucher', number: 'RE21-01041' });

    const doc = await sandboxDocument(voucherSandbox, remote.id);
    const { totalNet, totalTax, totalGross, rates } = seedExpectations.iLearn;
    expect(doc).toMatchObject({ kind: 'voucher', number: 'RE21-01041', totalNet, totalTax, totalGross });
    expect([...(doc.items ?? [])].sort((a, b) => a.taxRate - b.taxRate)).toEqual(rates.map((r) => ({ ...r, category: 'revenue_reduction' })));
    // In sevdesk itself the voucher carries the negative amounts: revenue and VAT fall back by 10,495.00.
    const raw = voucherSandbox.state.vouchers.get(Number(remote.id))!;
    expect({ net: raw.sumNet, tax: raw.sumTax, gross: raw.sumGross }).toEqual({ net: '-8900.00', tax: '-1595.00', gross: '-10495.00' });
    expect(doc.files).toHaveLength(1);
    const file = voucherSandbox.state.tempFiles.get(doc.files[0]!);
    expect(file?.bytes.equals(Buffer.from(seedCancellations.iLearn.document!.contentBase64, 'base64'))).toBe(true);
  });
});

describe('secrets and conformance', () => {
  it('keeps the API token out of every log row, the database and the process log; sevdesk\'s OpenAPI accepted every request', async () => {
    await hub.waitForInvoice(invoiceTenant, ids.jodelUndSoehne, ['booked'], { cancellation: ['booked'] });
    await hub.waitForInvoice(voucherTenant, ids.iLearn, ['booked'], { cancellation: ['booked'] });
    await hub.waitForInvoice(invoiceTenant, ids.jannikHuber, ['booked']);
    await hub.waitForInvoice(voucherTenant, ids.bettinaWolf, ['booked']);
    const tokens = [invoiceSandbox.apiToken, voucherSandbox.apiToken];

    const all = await logRows(hub, ADMIN_TOKEN, 'connector=sevdesk');
    // Every call of both tenants (test connection included) is there...
    expect(all.length).toBeGreaterThan(40);
    expect(new Set(all.map((r) => r.tenantId))).toEqual(new Set([invoiceTenant.id, voucherTenant.id]));
    const logText = JSON.stringify(all);
    const dbText = await databaseText(hub);
    const processLog = hub.logs();
    expect(processLog.length).toBeGreaterThan(0);
    for (const token of tokens) {
      // ... and the token (sent as a bare `Authorization: <token>` header) in none of them.
      expect(logText).not.toContain(token);
      expect(dbText).not.toContain(token);
      expect(processLog).not.toContain(token);
    }

    for (const sandbox of [invoiceSandbox, voucherSandbox]) {
      const report = await openapiReport(sandbox);
      expect(report.checked).toBeGreaterThan(10);
      expect(report.failures).toEqual([]);
    }
  });
});
