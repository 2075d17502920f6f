import { samplePdfDocument } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, invoiceBody, startTestHub, type TestHub, type TestTenant, sampleCallRecord } from '../testing/test-hub.js';

let hub: TestHub;
let owner: TestTenant;
let intruder: TestTenant;
let invoiceId: string;
let notificationId: string;

beforeAll(async () => {
  hub = await startTestHub();
  owner = await hub.tenant('Owner');
  intruder = await hub.tenant('Intruder');
  invoiceId = (await hub.call('POST', '/v1/invoices', { token: owner.apiKey, body: invoiceBody('ISO-1') })).json().id;
  await hub.pool.query(
    `update invoice set status = 'booked', booked_at = now(), remote = '{"connector":"reference","kind":"voucher","id":"v-9"}' where id = $1`,
    [invoiceId],
  );
  await hub.call('PUT', '/v1/customers/SECRET-1', { token: owner.apiKey, body: { type: 'person', lastName: 'Geheim' } });
  await hub.runtime.cradle.notificationService.openForInvoice({
    tenantId: owner.id,
    invoiceId,
    connector: 'reference',
    kind: 'sync_failed',
    message: 'x',
    details: {},
  });
  notificationId = (await hub.call('GET', '/v1/notifications', { token: owner.apiKey })).json().items[0].id;
  await hub.runtime.cradle.callLogWriter.sinkFor({ tenantId: owner.id, connector: 'reference', connectionId: null, invoiceId })(sampleCallRecord());
});
afterAll(async () => {
  await hub?.close();
});

describe('tenant isolation', () => {
  it('another tenant gets 404 on every id route, and nothing changes', async () => {
    const t = intruder.apiKey;
    const cancel = { number: 'ST-X', date: '2024-04-01', document: samplePdfDocument('st.pdf', 'Storno') };
    const attempts = [
      hub.call('GET', `/v1/invoices/${invoiceId}`, { token: t }),
      hub.call('POST', `/v1/invoices/${invoiceId}/cancel`, { token: t, body: cancel }),
      hub.call('POST', `/v1/invoices/${invoiceId}/sync`, { token: t }),
      hub.call('POST', `/v1/notifications/${notificationId}/resolve`, { token: t }),
      hub.call('GET', '/v1/customers/SECRET-1', { token: t }),
      hub.call('PATCH', '/v1/customers/SECRET-1', { token: t, body: { syncDisabled: true } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const row = (await hub.pool.query('select status, cancellation from invoice where id = $1', [invoiceId])).rows[0];
    expect(row).toEqual({ status: 'booked', cancellation: null });
    const n = (await hub.pool.query('select state from notification where id = $1', [notificationId])).rows[0];
    expect(n.state).toBe('open');
    expect((await hub.call('GET', '/v1/customers/SECRET-1', { token: owner.apiKey })).json().syncDisabled).toBe(false);
  });

  it('another tenant sees nothing in the lists', async () => {
    const t = intruder.apiKey;
    for (const url of ['/v1/invoices', '/v1/notifications', '/v1/logs', `/v1/invoices?number=ISO-1`, `/v1/logs?invoiceId=${invoiceId}`]) {
      const res = await hub.call('GET', url, { token: t });
      expect(res.statusCode, url).toBe(200);
      expect(res.json(), url).toEqual({ items: [], nextCursor: null });
    }
    expect((await hub.call('GET', '/v1/connections', { token: t })).json()).toEqual([]);
  });

  it('the owner sees its data in the lists', async () => {
    for (const url of ['/v1/invoices', '/v1/notifications', '/v1/logs']) {
      expect((await hub.call('GET', url, { token: owner.apiKey })).json().items, url).toHaveLength(1);
    }
  });

  it('the admin sees every tenant, or one with tenantId', async () => {
    for (const url of ['/v1/invoices', '/v1/notifications', '/v1/logs']) {
      const mine = await hub.call('GET', `${url}?tenantId=${owner.id}`, { token: ADMIN_TOKEN });
      expect(mine.json().items, url).toHaveLength(1);
      const theirs = await hub.call('GET', `${url}?tenantId=${intruder.id}`, { token: ADMIN_TOKEN });
      expect(theirs.json().items, url).toEqual([]);
      expect((await hub.call('GET', url, { token: ADMIN_TOKEN })).json().items.length, url).toBeGreaterThanOrEqual(1);
    }
    expect((await hub.call('GET', `/v1/invoices/${invoiceId}`, { token: ADMIN_TOKEN })).json().tenantId).toBe(owner.id);
  });
});
