import { samplePdf } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from './routes/files.js';
import { type ReferenceSandbox, createReferenceSandbox } from './server.js';

/** What the conformance suite does not reach: the tool's own refusals, seen at the HTTP level. */
describe('Reference Books sandbox', () => {
  let s: ReferenceSandbox;
  beforeAll(async () => {
    s = await createReferenceSandbox({ apiKey: 'ref_test_key_123' });
  });
  afterAll(() => s.close());
  beforeEach(() => s.control.reset());

  async function call(method: string, path: string, body?: unknown, auth = 'Bearer ref_test_key_123') {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  }

  const company = { kind: 'company', companyName: 'Jodel und Söhne GbR', address: { countryCode: 'DE' }, externalRef: 'FN-0008' };

  async function customerId() {
    return (await call('POST', '/v1/customers', company)).body.id as string;
  }

  async function voucherId() {
    const res = await call('POST', '/v1/vouchers', {
      type: 'sales_invoice',
      number: 'RE-1',
      date: '2021-01-27',
      totalNet: '100.00',
      totalTax: '19.00',
      totalGross: '119.00',
      items: [{ taxRate: 19, category: 'revenue', net: '100.00', tax: '19.00', gross: '119.00' }],
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function upload(id: string, bytes: Uint8Array, type: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'doc.bin');
    const res = await fetch(`${s.url}/v1/vouchers/${id}/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer ref_test_key_123' },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; field?: string } } };
  }

  it('answers 401 in the tool error shape without a valid key', async () => {
    const res = await call('GET', '/v1/account', undefined, 'Bearer nope');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'The API key is not valid' } });
  });

  it('refuses an update based on a stale version with 409 and bumps the version on success', async () => {
    const id = await customerId();
    const first = await call('PUT', `/v1/customers/${id}`, { ...company, email: 'a@example.com', version: 0 });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);
    const stale = await call('PUT', `/v1/customers/${id}`, { ...company, email: 'b@example.com', version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'version_conflict' } });
  });

  it('checks VAT ids (DE + 9 digits) and allows one contact person only', async () => {
    const bad = await call('POST', '/v1/customers', { ...company, vatId: 'DE28407065' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: 'vat_id_invalid', field: 'vatId' } });
    expect((await call('POST', '/v1/customers', { ...company, vatId: 'DE284070765' })).status).toBe(201);
    const two = await call('POST', '/v1/customers', { ...company, contactPersons: [{ lastName: 'A' }, { lastName: 'B' }] });
    expect(two.body).toMatchObject({ error: { code: 'contact_persons_limit', field: 'contactPersons' } });
  });

  it('refuses a voucher whose items do not add up to its totals to the cent', async () => {
    const res = await call('POST', '/v1/vouchers', {
      type: 'sales_invoice',
      number: 'RE-2',
      date: '2021-01-27',
      totalNet: '100.00',
      totalTax: '19.00',
      totalGross: '119.01',
      items: [{ taxRate: 19, category: 'revenue', net: '100.00', tax: '19.00', gross: '119.00' }],
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'totals_mismatch', field: 'items' } });
  });

  it('assigns invoice numbers on finalize only, and computes totals itself', async () => {
    const cid = await customerId();
    const invoice = {
      customerId: cid,
      date: '2021-01-27',
      taxMode: 'net',
      taxSituation: 'standard',
      lines: [{ title: 'Kurs', quantity: '2', unitPrice: '1800', taxRate: 19 }],
    };
    const draft = await call('POST', '/v1/invoices?status=draft', invoice);
    expect(draft.body).toMatchObject({ number: null, status: 'draft', totalGross: '4284.00' });
    const first = await call('POST', '/v1/invoices?status=finalized', invoice);
    const second = await call('POST', '/v1/invoices?status=sent', invoice);
    expect([first.body.number, second.body.number]).toEqual(['R-00001', 'R-00002']);
  });

  it('credits only an existing, finalized invoice', async () => {
    const cid = await customerId();
    const lines = [{ title: 'Kurs', quantity: '1', unitPrice: '100', taxRate: 19 }];
    const base = { customerId: cid, date: '2021-01-27', taxMode: 'net', taxSituation: 'standard', lines };
    expect((await call('POST', '/v1/credit-notes', { ...base, precedingId: 'inv_nope' })).body).toMatchObject({
      error: { code: 'preceding_not_found', field: 'precedingId' },
    });
    const draft = await call('POST', '/v1/invoices?status=draft', base);
    expect((await call('POST', '/v1/credit-notes', { ...base, precedingId: draft.body.id })).body).toMatchObject({
      error: { code: 'preceding_not_final' },
    });
  });

  it('accepts a PDF, refuses other types and files over 5 MB', async () => {
    const id = await voucherId();
    expect((await upload(id, samplePdf('ok'), 'application/pdf')).status).toBe(201);
    const exe = await upload(id, new TextEncoder().encode('MZ not a pdf'), 'application/pdf');
    expect(exe).toMatchObject({ status: 415, body: { error: { code: 'file_type_mismatch' } } });
    const text = await upload(id, new TextEncoder().encode('hello'), 'text/plain');
    expect(text).toMatchObject({ status: 415, body: { error: { code: 'file_type_unsupported' } } });
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set(samplePdf('big'));
    expect(await upload(id, big, 'application/pdf')).toMatchObject({ status: 413, body: { error: { code: 'file_too_large', field: 'file' } } });
    expect((await s.control.documents())[0]?.files).toHaveLength(1);
  });

  it('finds documents by number and reference', async () => {
    await voucherId();
    expect((await call('GET', '/v1/documents?kind=voucher&number=RE-1')).body.items).toHaveLength(1);
    expect((await call('GET', '/v1/documents?kind=invoice&number=RE-1')).body.items).toHaveLength(0);
    expect((await call('GET', '/v1/documents?reference=nothing')).body.items).toHaveLength(0);
  });
});

describe('Reference Books sandbox rate limit', () => {
  it('answers 429 with Retry-After beyond its limit, and counts it', async () => {
    const s = await createReferenceSandbox({ apiKey: 'ref_test_key_123', requestsPerSecond: 2 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${s.url}/v1/account`, { headers: { authorization: 'Bearer ref_test_key_123' } });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses.slice(2)).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      const stats = await s.control.stats();
      expect(stats.requests).toBe(4);
      expect(stats.rateLimited).toBeGreaterThanOrEqual(1);
    } finally {
      await s.close();
    }
  });
});
