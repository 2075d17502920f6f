import type { CallRecord } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, invoiceBody, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

let hub: TestHub;
let a: TestTenant;
let b: TestTenant;
let invoiceA: string;
let invoiceB: string;

beforeAll(async () => {
  hub = await startTestHub();
  a = await hub.tenant('Inbox A');
  b = await hub.tenant('Inbox B');
  invoiceA = (await hub.call('POST', '/v1/invoices', { token: a.apiKey, body: invoiceBody('N-1') })).json().id;
  invoiceB = (await hub.call('POST', '/v1/invoices', { token: b.apiKey, body: invoiceBody('N-1') })).json().id;
  const inbox = hub.runtime.cradle.notificationService;
  await inbox.openForInvoice({ tenantId: a.id, invoiceId: invoiceA, connector: 'reference', kind: 'sync_failed', message: 'VAT id refused', details: {} });
  await inbox.openForConnection({ tenantId: a.id, connector: 'reference', message: 'API key expired', details: {} });
  await inbox.openForInvoice({ tenantId: b.id, invoiceId: invoiceB, connector: 'reference', kind: 'sync_failed', message: 'B failed', details: {} });

  const sink = (tenantId: string, invoiceId: string | null) =>
    hub.runtime.cradle.callLogWriter.sinkFor({ tenantId, connector: 'reference', connectionId: null, invoiceId });
  const record = (i: number, error: boolean): CallRecord => ({
    at: new Date(Date.UTC(2024, 2, 1 + i, 12)).toISOString(),
    operation: 'bookVoucher',
    attempt: 1,
    method: 'POST',
    host: 'sandbox.test',
    path: `/vouchers?n=${i}`,
    statusCode: error ? 503 : 201,
    durationMs: 12,
    error,
    message: error ? 'Service Unavailable' : undefined,
    request: { number: `N-${i}` },
    response: error ? null : { id: `v-${i}` },
  });
  for (let i = 0; i < 5; i++) await sink(a.id, i < 3 ? invoiceA : null)(record(i, i % 2 === 1));
  await sink(b.id, invoiceB)(record(9, false));
});
afterAll(async () => {
  await hub?.close();
});

describe('GET /v1/notifications', () => {
  it('lists the tenant\'s own notifications, newest first, in the contract shape', async () => {
    const res = await hub.call('GET', '/v1/notifications', { token: a.apiKey });
    expect(res.statusCode).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ kind: 'reauth_required', invoiceId: null, connector: 'reference', state: 'open' });
    expect(items[1]).toEqual({
      id: expect.any(String),
      tenantId: a.id,
      invoiceId: invoiceA,
      connector: 'reference',
      kind: 'sync_failed',
      message: 'VAT id refused',
      state: 'open',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      resolvedAt: null,
      resolution: null,
    });
  });

  it('paginates and filters by state', async () => {
    const first = (await hub.call('GET', '/v1/notifications?limit=1', { token: a.apiKey })).json();
    expect(first.items).toHaveLength(1);
    const second = (await hub.call('GET', `/v1/notifications?limit=1&cursor=${first.nextCursor}`, { token: a.apiKey })).json();
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(second.nextCursor).toBeNull();
    expect((await hub.call('GET', '/v1/notifications?state=resolved', { token: a.apiKey })).json().items).toEqual([]);
  });

  it('the admin reads all, or one tenant\'s with tenantId', async () => {
    const all = (await hub.call('GET', '/v1/notifications', { token: ADMIN_TOKEN })).json().items;
    expect(new Set(all.map((n: { tenantId: string }) => n.tenantId))).toEqual(new Set([a.id, b.id]));
    const onlyB = (await hub.call('GET', `/v1/notifications?tenantId=${b.id}`, { token: ADMIN_TOKEN })).json().items;
    expect(onlyB.map((n: { message: string }) => n.message)).toEqual(['B failed']);
  });
});

describe('POST /v1/notifications/{id}/resolve', () => {
  it('resolves it manually; the invoice becomes resolved; a second resolve is 409', async () => {
    const t = await hub.tenant();
    const invoiceId = (await hub.call('POST', '/v1/invoices', { token: t.apiKey, body: invoiceBody('R-1') })).json().id;
    await hub.runtime.cradle.notificationService.openForInvoice({
      tenantId: t.id,
      invoiceId,
      connector: 'reference',
      kind: 'sync_failed',
      message: 'refused',
      details: {},
    });
    const [n] = (await hub.call('GET', '/v1/notifications', { token: t.apiKey })).json().items;
    const other = await hub.call('POST', `/v1/notifications/${n.id}/resolve`, { token: a.apiKey });
    expect(other.statusCode).toBe(404);
    const res = await hub.call('POST', `/v1/notifications/${n.id}/resolve`, { token: t.apiKey });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: n.id, state: 'resolved', resolution: 'manual', resolvedAt: expect.any(String), invoiceId });
    expect((await hub.call('GET', `/v1/invoices/${invoiceId}`, { token: t.apiKey })).json().status).toBe('resolved');
    expect((await hub.call('GET', '/v1/notifications?state=resolved', { token: t.apiKey })).json().items).toHaveLength(1);
    const again = await hub.call('POST', `/v1/notifications/${n.id}/resolve`, { token: t.apiKey });
    expect(again.statusCode).toBe(409);
    expect((await hub.call('POST', `/v1/notifications/${n.id}/resolve`, { token: ADMIN_TOKEN })).statusCode).toBe(403);
  });
});

describe('GET /v1/logs', () => {
  it('lists the tenant\'s calls newest first with keyset pagination', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/logs?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await hub.call('GET', url, { token: a.apiKey });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((i: { path: string }) => i.path));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `/vouchers?n=${i}`));
  });

  it('answers the contract shape', async () => {
    const [entry] = (await hub.call('GET', '/v1/logs?limit=1', { token: b.apiKey })).json().items;
    expect(entry).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: '2024-03-10T12:00:00.000Z',
      tenantId: b.id,
      connector: 'reference',
      connectionId: null,
      invoiceId: invoiceB,
      operation: 'bookVoucher',
      attempt: 1,
      method: 'POST',
      host: 'sandbox.test',
      path: '/vouchers?n=9',
      statusCode: 201,
      durationMs: 12,
      error: false,
      message: null,
      request: { number: 'N-9' },
      response: { id: 'v-9' },
    });
  });

  it('filters by connector, invoiceId, errorsOnly, from and to', async () => {
    const q = async (query: string, token = a.apiKey) =>
      (await hub.call('GET', `/v1/logs?${query}`, { token })).json().items.map((i: { path: string }) => i.path.slice(-1));
    expect(await q('errorsOnly=true')).toEqual(['3', '1']);
    expect(await q(`invoiceId=${invoiceA}`)).toEqual(['2', '1', '0']);
    expect(await q('connector=sevdesk')).toEqual([]);
    expect(await q('from=2024-03-02&to=2024-03-03')).toEqual(['2', '1']);
    expect(await q('from=2024-03-02T12:00:00Z&to=2024-03-03T11:59:59Z')).toEqual(['1']);
    const bad = await hub.call('GET', '/v1/logs?errorsOnly=yes&from=yesterday', { token: a.apiKey });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['errorsOnly', 'from']);
  });

  it('the admin reads every tenant\'s calls or one tenant\'s', async () => {
    const all = (await hub.call('GET', '/v1/logs', { token: ADMIN_TOKEN })).json().items;
    expect(all).toHaveLength(6);
    expect((await hub.call('GET', `/v1/logs?tenantId=${b.id}`, { token: ADMIN_TOKEN })).json().items).toHaveLength(1);
    expect((await hub.call('GET', `/v1/logs?tenantId=${b.id}`, { token: a.apiKey })).statusCode).toBe(403);
  });
});
