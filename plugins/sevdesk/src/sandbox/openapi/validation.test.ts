import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SevdeskSandbox, createSevdeskSandbox } from '../index.js';
import { ERRATA } from './errata.js';

let sandbox: SevdeskSandbox;

beforeAll(async () => {
  sandbox = await createSevdeskSandbox({ requestsPerSecond: 100 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.control.reset());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: sandbox.apiToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as { objects: unknown; error?: { message: string; code: unknown; responseCode: number } } };
}

const draft = {
  invoice: {
    objectName: 'Invoice',
    mapAll: true,
    contact: { id: 1, objectName: 'Contact' },
    contactPerson: { id: 1551095, objectName: 'SevUser' },
    invoiceDate: '27.01.2021',
    discount: 0,
    // The measured payloads send integers and decimal strings here; the description types a string status and a
    // number price, and the sandbox holds the connector to the description.
    status: 100,
    addressCountry: { id: 1, objectName: 'StaticCountry' },
    taxRate: 0,
    taxRule: { id: 1, objectName: 'TaxRule' },
    taxText: 'Umsatzsteuer',
    invoiceType: 'RE',
    currency: 'EUR',
  },
  invoicePosSave: [{ objectName: 'InvoicePos', mapAll: true, quantity: 1, price: '10.00', unity: { id: 1, objectName: 'Unity' }, taxRate: 19 }],
};

describe("requests checked against sevdesk's OpenAPI description", () => {
  it('answers a body that breaks the schema as sevdesk answers a malformed payload, naming the field, and records it', async () => {
    const res = await call('POST', '/Invoice/Factory/saveInvoice', draft);
    expect(res.status).toBe(400);
    expect(res.body.objects).toBeNull();
    expect(res.body.error).toMatchObject({ code: null, responseCode: 400 });
    expect(res.body.error!.message).toMatch(/^(invoice\.status must be of type string|invoicePosSave\.0\.price must be of type number)$/);
    const failure = sandbox.state.openapi.failures.at(-1)!;
    expect(failure.path).toBe('/Invoice/Factory/saveInvoice');
    expect(failure.issues.map((i) => i.field).sort()).toEqual(['invoice.status', 'invoicePosSave.0.price']);
  });

  it('checks required fields of nested references', async () => {
    const res = await call('PUT', '/Invoice/1/sendBy', { sendType: 'VPDF' });
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toBe('sendDraft is required');
  });

  it('checks typed query and path parameters, and lets unknown filters pass as sevdesk does', async () => {
    expect((await call('GET', '/Contact?depth=2')).body.error!.message).toBe('depth must be one of "0", "1"');
    expect((await call('GET', '/Invoice?contact[id]=abc&contact[objectName]=Contact')).status).toBe(400);
    expect((await call('GET', '/Invoice/abc')).body.error!.message).toBe('invoiceId must be of type integer');
    expect((await call('GET', '/Invoice?customerIntenalNote=typo')).status).toBe(200);
  });

  it('applies only the listed errata: invoicePosSave, not the description\'s nonexistent invoicePos, is required', async () => {
    expect(ERRATA.map((e) => e.schema)).toEqual([
      'saveInvoice',
      'saveVoucher',
      'saveCreditNote',
      'Model_creditNote',
      'Model_Invoice',
      'Model_Voucher',
      'Model_creditNote',
      'Model_VoucherPos',
    ]);
    const { invoicePosSave: _, ...withoutPositions } = { ...draft, invoice: { ...draft.invoice, status: '100' } };
    const res = await call('POST', '/Invoice/Factory/saveInvoice', withoutPositions);
    expect(res.body.error!.message).toContain('invoicePosSave is required');
  });

  it('answers a wrong token with 401 in the error envelope, and refuses "Bearer"', async () => {
    const wrong = await fetch(`${sandbox.url}/Tools/bookkeepingSystemVersion`, { headers: { authorization: '0'.repeat(32) } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ objects: null, error: { message: 'Authentication required' } });
    const bearer = await fetch(`${sandbox.url}/Tools/bookkeepingSystemVersion`, { headers: { authorization: `Bearer ${sandbox.apiToken}` } });
    expect(bearer.status).toBe(401);
    const query = await fetch(`${sandbox.url}/Tools/bookkeepingSystemVersion?token=${sandbox.apiToken}`);
    expect(await query.json()).toEqual({ objects: { version: '2.0' } });
  });

  it('answers numbers as strings inside the {"objects": …} envelope', async () => {
    const created = await call('POST', '/Contact', { name: 'ACME GmbH', category: { id: 3, objectName: 'Category' }, status: 1000 });
    expect(created.status).toBe(201);
    expect(created.body.objects).toMatchObject({ objectName: 'Contact', status: '1000', category: { id: '3', objectName: 'Category' } });
    const id = (created.body.objects as { id: string }).id;
    expect(typeof id).toBe('string');
    expect((await call('GET', `/Contact/${id}`)).body.objects).toEqual([expect.objectContaining({ id })]);
  });
});
