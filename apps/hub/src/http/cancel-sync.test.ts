import { samplePdfDocument } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, invoiceBody, setTenantSettings, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

let hub: TestHub;
let tenant: TestTenant;
beforeAll(async () => {
  // API-only, as an API process runs: this file checks what the routes record and queue, not what a worker does with it.
  hub = await startTestHub({ env: { HUB_WORKERS: 'false' } });
  tenant = await hub.tenant('Storno GmbH');
  // A connector but no automatic sync: invoices wait until the tests move them.
  await setTenantSettings(hub.pool, tenant.id, { connector: 'reference', autoSync: false });
});
afterAll(async () => {
  await hub?.close();
});

async function submit(number: string, overrides: Record<string, unknown> = {}, t = tenant): Promise<string> {
  const res = await hub.call('POST', '/v1/invoices', { token: t.apiKey, body: invoiceBody(number, overrides) });
  expect(res.statusCode).toBe(202);
  return res.json().id;
}

async function markBooked(id: string): Promise<void> {
  await hub.pool.query(
    `update invoice set status = 'booked', booked_at = now(), next_attempt_at = null,
       remote = '{"connector":"reference","kind":"voucher","id":"v-1","number":"RE-1","status":"open"}' where id = $1`,
    [id],
  );
}

async function jobs(invoiceId: string, op: string): Promise<number> {
  const res = await hub.pool.query(
    "select count(*)::int as n from pgboss.job where name = 'invoice-sync' and data->>'invoiceId' = $1 and data->>'op' = $2",
    [invoiceId, op],
  );
  return res.rows[0].n;
}

const cancelBody = (number: string) => ({
  number,
  date: '2024-03-20',
  reason: 'Teilnahme storniert',
  document: samplePdfDocument(`${number}.pdf`, `Storno ${number}`),
});

describe('POST /v1/invoices/{id}/cancel', () => {
  it('records the cancellation with its document and queues it (202); GET shows it', async () => {
    const id = await submit('RE-C1');
    await markBooked(id);
    const res = await hub.call('POST', `/v1/invoices/${id}/cancel`, { token: tenant.apiKey, body: cancelBody('ST-1') });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ id, cancellation: { number: 'ST-1', status: 'pending' } });
    const doc = await hub.pool.query("select filename from document where invoice_id = $1 and purpose = 'cancellation'", [id]);
    expect(doc.rows).toEqual([{ filename: 'ST-1.pdf' }]);
    expect(await jobs(id, 'cancel')).toBe(1);

    const get = await hub.call('GET', `/v1/invoices/${id}`, { token: tenant.apiKey });
    expect(get.json()).toMatchObject({
      status: 'booked',
      remote: { connector: 'reference', kind: 'voucher', id: 'v-1', number: 'RE-1', status: 'open' },
      cancellation: {
        number: 'ST-1',
        date: '2024-03-20',
        reason: 'Teilnahme storniert',
        status: 'pending',
        attempts: 0,
        bookedAt: null,
        lastError: null,
        remote: null,
        requestedAt: expect.any(String),
      },
    });
  });

  it('a second cancel answers 409 already_cancelled', async () => {
    const id = await submit('RE-C2');
    await markBooked(id);
    expect((await hub.call('POST', `/v1/invoices/${id}/cancel`, { token: tenant.apiKey, body: cancelBody('ST-2') })).statusCode).toBe(202);
    const again = await hub.call('POST', `/v1/invoices/${id}/cancel`, { token: tenant.apiKey, body: cancelBody('ST-3') });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_cancelled');
  });

  it('only a booked invoice: 409 not_booked, nothing stored', async () => {
    const id = await submit('RE-C3');
    const res = await hub.call('POST', `/v1/invoices/${id}/cancel`, { token: tenant.apiKey, body: cancelBody('ST-4') });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('not_booked');
    const row = await hub.pool.query('select cancellation from invoice where id = $1', [id]);
    expect(row.rows[0].cancellation).toBeNull();
    expect((await hub.pool.query("select count(*)::int as n from document where invoice_id = $1 and purpose = 'cancellation'", [id])).rows[0].n).toBe(0);
  });

  it('validates the body with field paths; 404 for an unknown invoice', async () => {
    const id = await submit('RE-C4');
    await markBooked(id);
    const bad = await hub.call('POST', `/v1/invoices/${id}/cancel`, {
      token: tenant.apiKey,
      body: { number: '', date: '20.03.2024', document: { filename: 'x.pdf', contentType: 'application/pdf', contentBase64: '!!' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['number', 'date', 'document.contentBase64']),
    );
    const missing = await hub.call('POST', '/v1/invoices/00000000-0000-4000-8000-000000000000/cancel', {
      token: tenant.apiKey,
      body: cancelBody('ST-5'),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('is a tenant route (admin 403)', async () => {
    const id = await submit('RE-C5');
    expect((await hub.call('POST', `/v1/invoices/${id}/cancel`, { token: ADMIN_TOKEN, body: cancelBody('ST-6') })).statusCode).toBe(403);
  });
});

describe('POST /v1/invoices/{id}/sync', () => {
  it('queues a pending invoice again (202)', async () => {
    const id = await submit('RE-S1');
    expect(await jobs(id, 'book')).toBe(0);
    const res = await hub.call('POST', `/v1/invoices/${id}/sync`, { token: tenant.apiKey });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ id, queued: true });
    expect(await jobs(id, 'book')).toBe(1);
  });

  it('accepts an empty JSON body', async () => {
    const id = await submit('RE-S2');
    const res = await hub.call('POST', `/v1/invoices/${id}/sync`, { token: tenant.apiKey, payload: '', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(202);
  });

  it('answers 409 for a booked invoice and 404 for an unknown one', async () => {
    const id = await submit('RE-S3');
    await markBooked(id);
    const booked = await hub.call('POST', `/v1/invoices/${id}/sync`, { token: tenant.apiKey });
    expect(booked.statusCode).toBe(409);
    expect((await hub.call('POST', '/v1/invoices/00000000-0000-4000-8000-000000000000/sync', { token: tenant.apiKey })).statusCode).toBe(404);
  });
});

describe('POST /v1/sync/backfill', () => {
  it('queues every unbooked invoice of the range and answers how many', async () => {
    const t = await hub.tenant();
    await setTenantSettings(hub.pool, t.id, { connector: 'reference', autoSync: false });
    const a = await submit('B-1', { date: '2024-01-05', dueDate: undefined, serviceDate: undefined }, t);
    const b = await submit('B-2', { date: '2024-01-20', dueDate: undefined, serviceDate: undefined }, t);
    const c = await submit('B-3', { date: '2024-02-05', dueDate: undefined, serviceDate: undefined }, t);
    await markBooked(b);
    const res = await hub.call('POST', '/v1/sync/backfill', { token: t.apiKey, body: { from: '2024-01-01', to: '2024-01-31' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ queued: 1 });
    expect(await jobs(a, 'book')).toBe(1);
    expect(await jobs(c, 'book')).toBe(0);
  });

  it('validates the range', async () => {
    const res = await hub.call('POST', '/v1/sync/backfill', { token: tenant.apiKey, body: { from: '2024-02-01', to: '2024-01-01', status: 'booked' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['status']);
    const reversed = await hub.call('POST', '/v1/sync/backfill', { token: tenant.apiKey, body: { from: '2024-02-01', to: '2024-01-01' } });
    expect(reversed.json().error.details).toEqual([{ path: 'to', message: 'to must not be before from' }]);
  });

  it('needs a connector in the settings (422)', async () => {
    const t = await hub.tenant();
    const res = await hub.call('POST', '/v1/sync/backfill', { token: t.apiKey, body: { from: '2024-01-01', to: '2024-12-31' } });
    expect(res.statusCode).toBe(422);
  });
});
