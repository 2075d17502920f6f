import { samplePdf } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, invoiceBody, setTenantSettings, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

let hub: TestHub;
let tenant: TestTenant;
beforeAll(async () => {
  hub = await startTestHub();
  tenant = await hub.tenant('Intake GmbH');
});
afterAll(async () => {
  await hub?.close();
});

const post = (body: unknown, opts: { token?: string; headers?: Record<string, string> } = {}) =>
  hub.call('POST', '/v1/invoices', { token: opts.token ?? tenant.apiKey, body, ...(opts.headers ? { headers: opts.headers } : {}) });

async function counts(tenantId = tenant.id) {
  const docs = await hub.pool.query(
    'select count(*)::int as n from document d join invoice i on i.id = d.invoice_id where i.tenant_id = $1',
    [tenantId],
  );
  return { invoices: await hub.count('invoice', tenantId), customers: await hub.count('customer', tenantId), documents: docs.rows[0].n };
}

async function jobsFor(invoiceId: string): Promise<{ state: string; data: { op: string; tenantId: string } }[]> {
  const res = await hub.pool.query("select state, data from pgboss.job where name = 'invoice-sync' and data->>'invoiceId' = $1", [invoiceId]);
  return res.rows;
}

describe('POST /v1/invoices', () => {
  it('stores invoice, document and customer and answers 202 pending', async () => {
    const before = await counts();
    const res = await post(invoiceBody('RE-1001'));
    expect(res.statusCode).toBe(202);
    const { id, status } = res.json();
    expect(status).toBe('pending');
    expect(await counts()).toEqual({ invoices: before.invoices + 1, customers: before.customers + 1, documents: before.documents + 1 });

    const row = (await hub.pool.query('select * from invoice where id = $1', [id])).rows[0];
    expect(row.number).toBe('RE-1001');
    expect(row.data.document).toBeUndefined();
    expect(row.data.customer).toMatchObject({ ref: 'C-1000', companyName: 'Musterfirma GmbH' });
    expect(row.data.lines[0]).toMatchObject({ quantity: '2', unitPrice: '800', taxRate: 19 });
    const doc = (await hub.pool.query('select filename, content_type, content from document where invoice_id = $1', [id])).rows[0];
    expect(doc).toMatchObject({ filename: 'RE-1001.pdf', content_type: 'application/pdf' });
    expect(doc.content.equals(samplePdf('Rechnung RE-1001'))).toBe(true);
    const customer = (await hub.pool.query("select data from customer where tenant_id = $1 and ref = 'C-1000'", [tenant.id])).rows[0];
    expect(customer.data).toMatchObject({ type: 'company', companyName: 'Musterfirma GmbH' });
    expect(customer.data.ref).toBeUndefined();
    // No connector in the settings: nothing is queued, the invoice waits.
    expect(await jobsFor(id)).toEqual([]);
  });

  it('GET answers the contract shape with totals', async () => {
    const { id } = (await post(invoiceBody('RE-1002'))).json();
    const res = await hub.call('GET', `/v1/invoices/${id}`, { token: tenant.apiKey });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id,
      tenantId: tenant.id,
      number: 'RE-1002',
      status: 'pending',
      attempts: 0,
      bookedAt: null,
      lastError: null,
      remote: null,
      cancellation: null,
      date: '2024-03-01',
      dueDate: '2024-03-15',
      customerRef: 'C-1000',
      currency: 'EUR',
      taxMode: 'net',
      totalNet: 1650,
      totalTax: 307.5,
      totalGross: 1957.5,
      hasDocument: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updatedAt: expect.any(String),
    });
  });

  it('updates the inline customer\'s master data from a later invoice', async () => {
    const body = invoiceBody('RE-1003');
    (body.customer as Record<string, unknown>).companyName = 'Musterfirma AG';
    expect((await post(body)).statusCode).toBe(202);
    const customer = await hub.call('GET', '/v1/customers/C-1000', { token: tenant.apiKey });
    expect(customer.json().companyName).toBe('Musterfirma AG');
  });

  it('takes a stored customer by customerRef, and refuses an unknown one with 422 naming customerRef', async () => {
    await hub.call('PUT', '/v1/customers/K-9', { token: tenant.apiKey, body: { type: 'person', firstName: 'Max', lastName: 'Muster' } });
    const { customer: _c, ...rest } = invoiceBody('RE-1004');
    const ok = await post({ ...rest, customerRef: 'K-9' });
    expect(ok.statusCode).toBe(202);
    const row = (await hub.pool.query('select data from invoice where id = $1', [ok.json().id])).rows[0];
    expect(row.data.customer).toEqual({ ref: 'K-9', type: 'person', firstName: 'Max', lastName: 'Muster' });

    const before = await counts();
    const unknown = await post({ ...rest, number: 'RE-1005', customerRef: 'K-404' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'unknown_customer', details: [{ path: 'customerRef', message: expect.any(String) }] });
    expect(await counts()).toEqual(before);

    const both = await post({ ...invoiceBody('RE-1006'), customerRef: 'K-9' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details).toEqual([{ path: 'customerRef', message: 'give customer or customerRef, not both' }]);
    const neither = await post({ ...rest, number: 'RE-1006' });
    expect(neither.json().error.details).toEqual([{ path: 'customer', message: 'give customer (with its ref) or customerRef' }]);
  });

  it('checks the stored customer against the invoice\'s tax situation (422)', async () => {
    await hub.call('PUT', '/v1/customers/P-1', { token: tenant.apiKey, body: { type: 'person', lastName: 'Privat' } });
    const { customer: _c, ...rest } = invoiceBody('RE-1007');
    const res = await post({ ...rest, customerRef: 'P-1', taxSituation: 'reverse_charge', lines: [{ title: 'X', quantity: 1, unitPrice: 10, taxRate: 0 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('customer_unsuitable');
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(['customer.type', 'customer.vatId']);
  });

  describe('bad bodies: 400 with field paths, nothing stored', () => {
    const cases: [string, (b: Record<string, unknown>) => unknown, string][] = [
      ['a wrong tax rate', (b) => ({ ...b, lines: [{ title: 'X', quantity: 1, unitPrice: 10, taxRate: 18 }] }), 'lines.0.taxRate'],
      [
        'a company without companyName',
        (b) => ({ ...b, customer: { ref: 'C-2', type: 'company', address: { countryCode: 'DE' } } }),
        'customer.companyName',
      ],
      [
        'bad base64',
        (b) => ({ ...b, document: { filename: 'a.pdf', contentType: 'application/pdf', contentBase64: 'not base64!' } }),
        'document.contentBase64',
      ],
      ['an unknown field', (b) => ({ ...b, discount: 5 }), 'discount'],
      ['an unknown line field', (b) => ({ ...b, lines: [{ title: 'X', quantity: 1, unitPrice: 10, taxRate: 19, sku: 'A1' }] }), 'lines.0.sku'],
      ['a money amount with three decimals', (b) => ({ ...b, lines: [{ title: 'X', quantity: 1, unitPrice: '10.12345', taxRate: 19 }] }), 'lines.0.unitPrice'],
      ['a date that does not exist', (b) => ({ ...b, date: '2024-02-30' }), 'date'],
      ['a missing number', ({ number: _n, ...b }) => b, 'number'],
      ['no lines', (b) => ({ ...b, lines: [] }), 'lines'],
      ['a PDF that is none', (b) => ({ ...b, document: { filename: 'a.pdf', contentType: 'application/pdf', contentBase64: 'aGVsbG8=' } }), 'document.contentBase64'],
    ];
    for (const [name, mutate, path] of cases) {
      it(`${name} -> ${path}`, async () => {
        const before = await counts();
        const res = await post(mutate(invoiceBody('RE-BAD')));
        expect(res.statusCode).toBe(400);
        const error = res.json().error;
        expect(error.code).toBe('invalid_request');
        expect(error.details.map((d: { path: string }) => d.path)).toContain(path);
        expect(await counts()).toEqual(before);
      });
    }

    it('a wrong content type -> 415, nothing stored', async () => {
      const before = await counts();
      const res = await hub.call('POST', '/v1/invoices', {
        token: tenant.apiKey,
        payload: JSON.stringify(invoiceBody('RE-CT')),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode).toBe(415);
      expect(await counts()).toEqual(before);
    });

    it('malformed JSON -> 400 invalid_json, nothing stored', async () => {
      const before = await counts();
      const res = await hub.call('POST', '/v1/invoices', {
        token: tenant.apiKey,
        payload: '{"number": "RE-X",',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_json');
      expect(await counts()).toEqual(before);
    });
  });

  describe('duplicates', () => {
    it('the same number with the same body answers 200 with the stored invoice, another body 409', async () => {
      const first = await post(invoiceBody('RE-2001'));
      expect(first.statusCode).toBe(202);
      const before = await counts();
      // The same body in another spelling (numbers as strings, keys reordered) is the same body.
      const same = invoiceBody('RE-2001', {
        lines: [
          { taxRate: 19, unitPrice: 800, unitName: 'Tag', quantity: '2.0', title: 'Seminar' },
          { title: 'Skript', quantity: 1, unitPrice: '50.00', taxRate: 7 },
        ],
      });
      const again = await post(same);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ id: first.json().id, number: 'RE-2001', status: 'pending' });
      const other = await post(invoiceBody('RE-2001', { remark: 'changed' }));
      expect(other.statusCode).toBe(409);
      expect(other.json().error.code).toBe('duplicate_number');
      expect(await counts()).toEqual(before);
    });

    it('numbers are unique per tenant, not across tenants', async () => {
      const other = await hub.tenant();
      expect((await post(invoiceBody('RE-2001'), { token: other.apiKey })).statusCode).toBe(202);
    });

    it('Idempotency-Key: same key + same body 200, same key + another body 409 idempotency_key_reused', async () => {
      const key = { 'idempotency-key': 'req-42' };
      const first = await post(invoiceBody('RE-3001'), { headers: key });
      expect(first.statusCode).toBe(202);
      const again = await post(invoiceBody('RE-3001'), { headers: key });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      const reused = await post(invoiceBody('RE-3002'), { headers: key });
      expect(reused.statusCode).toBe(409);
      expect(reused.json().error.code).toBe('idempotency_key_reused');
      expect(await hub.count('invoice', tenant.id)).toBe(await hub.count('invoice', tenant.id));
      const row = await hub.pool.query("select count(*)::int as n from invoice where number = 'RE-3002'");
      expect(row.rows[0].n).toBe(0);
    });

    it('concurrent duplicates resolve to one invoice and never 500', async () => {
      const t = await hub.tenant();
      const body = invoiceBody('RE-4001');
      const results = await Promise.all(Array.from({ length: 8 }, () => post(body, { token: t.apiKey })));
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes.filter((c) => c === 202)).toHaveLength(1);
      expect(codes.filter((c) => c === 200)).toHaveLength(7);
      expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
      const mixed = await Promise.all([
        post(invoiceBody('RE-4002'), { token: t.apiKey }),
        post(invoiceBody('RE-4002', { remark: 'other' }), { token: t.apiKey }),
      ]);
      expect(mixed.map((r) => r.statusCode).sort()).toEqual([202, 409]);
      expect(await hub.count('invoice', t.id)).toBe(2);
    });
  });

  describe('queueing', () => {
    it('queues the booking in the same transaction when the tenant has a connector and autoSync is on', async () => {
      const t = await hub.tenant();
      await setTenantSettings(hub.pool, t.id, { connector: 'reference', autoSync: true });
      const res = await post(invoiceBody('RE-5001'), { token: t.apiKey });
      expect(res.statusCode).toBe(202);
      const jobs = await jobsFor(res.json().id);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.data).toMatchObject({ op: 'book', tenantId: t.id });
      const row = (await hub.pool.query('select next_attempt_at from invoice where id = $1', [res.json().id])).rows[0];
      expect(row.next_attempt_at).not.toBeNull();
    });

    it('does not queue with autoSync off: the invoice waits as pending', async () => {
      const t = await hub.tenant();
      await setTenantSettings(hub.pool, t.id, { connector: 'reference', autoSync: false });
      const res = await post(invoiceBody('RE-5002'), { token: t.apiKey });
      expect(res.statusCode).toBe(202);
      expect(await jobsFor(res.json().id)).toEqual([]);
    });

    it('stores nothing when the job cannot be written (one transaction)', async () => {
      const t = await hub.tenant();
      await setTenantSettings(hub.pool, t.id, { connector: 'reference', autoSync: true });
      const failing = await import('../testing/test-hub.js').then(({ startTestHub }) =>
        startTestHub({
          app: {
            deps: {
              sync: {
                enqueue: async ({ db }) => {
                  await db?.executeSql('select 1');
                  throw new Error('queue is down');
                },
                resync: async () => {},
                backfill: async () => 0,
              },
            },
          },
        }),
      );
      try {
        const t2 = await failing.tenant();
        await setTenantSettings(failing.pool, t2.id, { connector: 'reference', autoSync: true });
        const res = await failing.call('POST', '/v1/invoices', { token: t2.apiKey, body: invoiceBody('RE-5003') });
        expect(res.statusCode).toBe(500);
        expect(await failing.count('invoice', t2.id)).toBe(0);
        expect(await failing.count('customer', t2.id)).toBe(0);
        expect((await failing.pool.query('select count(*)::int as n from document')).rows[0].n).toBe(0);
      } finally {
        await failing.close();
      }
    });
  });

  it('takes a 10 MB PDF', async () => {
    const pdf = Buffer.concat([samplePdf('big'), Buffer.alloc(10 * 1024 * 1024 - samplePdf('big').length - 16, 0x20)]);
    const body = invoiceBody('RE-6001', { document: { filename: 'big.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') } });
    const res = await post(body);
    expect(res.statusCode).toBe(202);
    const doc = (await hub.pool.query('select length(content) as n from document where invoice_id = $1', [res.json().id])).rows[0];
    expect(Number(doc.n)).toBe(pdf.length);
  });

  it('is a tenant route for writing: the admin gets 403', async () => {
    expect((await post(invoiceBody('RE-7001'), { token: ADMIN_TOKEN })).statusCode).toBe(403);
  });
});

describe('GET /v1/invoices', () => {
  let lister: TestTenant;
  beforeAll(async () => {
    lister = await hub.tenant('Lister');
    const dates = ['2024-01-10', '2024-02-10', '2024-03-10', '2024-04-10', '2024-05-10'];
    for (const [i, date] of dates.entries()) {
      const res = await post(invoiceBody(`L-${i + 1}`, { date, dueDate: undefined, serviceDate: undefined }), { token: lister.apiKey });
      expect(res.statusCode).toBe(202);
    }
    await hub.pool.query("update invoice set status = 'failed' where tenant_id = $1 and number = 'L-2'", [lister.id]);
  });

  it('lists newest first with cursor pagination', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/invoices?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await hub.call('GET', url, { token: lister.apiKey });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((i: { number: string }) => i.number));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['L-5', 'L-4', 'L-3', 'L-2', 'L-1']);
  });

  it('filters by status, date range and number', async () => {
    const q = async (query: string) =>
      (await hub.call('GET', `/v1/invoices?${query}`, { token: lister.apiKey })).json().items.map((i: { number: string }) => i.number);
    expect(await q('status=failed')).toEqual(['L-2']);
    expect(await q('from=2024-02-10&to=2024-04-09')).toEqual(['L-3', 'L-2']);
    expect(await q('number=L-4')).toEqual(['L-4']);
    expect(await q('status=booked')).toEqual([]);
  });

  it('validates the query (limit, dates, cursor)', async () => {
    for (const [query, path] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['from=2024-13-01', 'from'],
      ['from=2024-05-01&to=2024-04-01', 'to'],
      ['status=open', 'status'],
      ['cursor=garbage', 'cursor'],
    ]) {
      const res = await hub.call('GET', `/v1/invoices?${query}`, { token: lister.apiKey });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details[0].path, query).toBe(path);
    }
  });

  it('the admin sees every tenant\'s invoices, or one tenant\'s with tenantId', async () => {
    const all = await hub.call('GET', '/v1/invoices?limit=500', { token: ADMIN_TOKEN });
    expect(all.statusCode).toBe(200);
    const tenants = new Set(all.json().items.map((i: { tenantId: string }) => i.tenantId));
    expect(tenants.has(lister.id) && tenants.has(tenant.id)).toBe(true);
    const one = await hub.call('GET', `/v1/invoices?tenantId=${lister.id}`, { token: ADMIN_TOKEN });
    expect(one.json().items).toHaveLength(5);
    const id = one.json().items[0].id;
    expect((await hub.call('GET', `/v1/invoices/${id}`, { token: ADMIN_TOKEN })).statusCode).toBe(200);
    // A tenant may not use the admin filter for another tenant.
    expect((await hub.call('GET', `/v1/invoices?tenantId=${tenant.id}`, { token: lister.apiKey })).statusCode).toBe(403);
  });

  it('GET /v1/invoices/{id}: 404 for an unknown id, 400 for a malformed one', async () => {
    expect((await hub.call('GET', '/v1/invoices/00000000-0000-4000-8000-000000000000', { token: lister.apiKey })).statusCode).toBe(404);
    const bad = await hub.call('GET', '/v1/invoices/abc', { token: lister.apiKey });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('id');
  });
});
