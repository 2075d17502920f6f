import { silentLogger } from '@accounting-hub/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../security/api-keys.js';
import { getTestDatabase, type TestDatabase } from '../../testing/test-database.js';
import { type HubDatabase, openDatabase } from '../open-database.js';
import { CallLog, Connection, Customer, Document, Invoice, Notification, Tenant } from './index.js';

let db: TestDatabase;
let hub: HubDatabase;
beforeAll(async () => {
  db = await getTestDatabase();
  hub = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' }, silentLogger);
});
afterAll(async () => {
  await hub?.close();
  await db?.drop();
});

const fork = () => hub.orm.em.fork();

async function newTenant(name = 'Acme'): Promise<Tenant> {
  const em = fork();
  const key = generateApiKey();
  const tenant = em.create(Tenant, { name, apiKeyPrefix: key.prefix, apiKeyHash: key.hash });
  await em.flush();
  return tenant;
}

async function newInvoice(tenant: Tenant, number: string): Promise<Invoice> {
  const em = fork();
  const customer = em.create(Customer, { tenant: tenant.id, ref: `C-${number}`, data: { type: 'person', lastName: 'Muster' } });
  const invoice = em.create(Invoice, {
    tenant: tenant.id,
    number,
    bodyHash: 'h'.repeat(64),
    customer,
    date: '2024-03-01',
    data: {
      number,
      date: '2024-03-01',
      currency: 'EUR',
      taxMode: 'net',
      taxSituation: 'standard',
      lines: [{ title: 'Consulting', quantity: '1', unitName: 'Stück', unitPrice: '100', taxRate: 19 }],
      customer: { ref: `C-${number}`, type: 'person', lastName: 'Muster' },
    },
  });
  await em.flush();
  return invoice;
}

describe('hub entities', () => {
  it('give a new tenant an id and the default settings', async () => {
    const tenant = await newTenant();
    const found = await fork().findOneOrFail(Tenant, tenant.id);
    expect(found).toMatchObject({ name: 'Acme', connector: null, mode: 'voucher', invoiceStatus: 'draft', autoSync: true });
    expect(found.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(found.createdAt).toBeInstanceOf(Date);
  });

  it('keep one connection per tenant and connector', async () => {
    const tenant = await newTenant();
    const em = fork();
    em.create(Connection, { tenant: tenant.id, connector: 'sevdesk', authKind: 'api_token', secret: 'v1.x.y.z' });
    await em.flush();
    const again = fork();
    again.create(Connection, { tenant: tenant.id, connector: 'sevdesk', authKind: 'api_token', secret: 'v1.x.y.z' });
    await expect(again.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    const stored = await fork().findOneOrFail(Connection, { tenant: tenant.id, connector: 'sevdesk' });
    expect(stored).toMatchObject({ status: 'active', options: {}, state: {}, refreshLockedUntil: null });
  });

  it('keep invoice numbers unique per tenant, not across tenants', async () => {
    const a = await newTenant('A');
    const b = await newTenant('B');
    await newInvoice(a, 'RE-1');
    await newInvoice(b, 'RE-1');
    await expect(newInvoice(a, 'RE-1')).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('store the invoice date as a date for range filters, and the document content only on demand', async () => {
    const tenant = await newTenant();
    const invoice = await newInvoice(tenant, 'RE-2');
    const em = fork();
    em.create(Document, {
      invoice: invoice.id,
      purpose: 'invoice',
      filename: 'RE-2.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('%PDF-1.4 test'),
    });
    await em.flush();

    const inRange = await fork().find(Invoice, { tenant: tenant.id, date: { $gte: '2024-03-01', $lte: '2024-03-31' } });
    expect(inRange.map((i) => i.number)).toEqual(['RE-2']);
    expect(inRange[0]).toMatchObject({ status: 'pending', attempts: 0, pendingWrite: null, date: '2024-03-01' });

    const doc = await fork().findOneOrFail(Document, { invoice: invoice.id });
    expect(doc.content).toBeUndefined();
    const full = await fork().findOneOrFail(Document, { invoice: invoice.id }, { populate: ['content'] });
    expect(full.content.toString()).toBe('%PDF-1.4 test');
  });

  it('allow one open notification per invoice and kind, and any number of resolved ones', async () => {
    const tenant = await newTenant();
    const invoice = await newInvoice(tenant, 'RE-3');
    const open = () => {
      const em = fork();
      em.create(Notification, { tenant: tenant.id, invoice: invoice.id, kind: 'sync_failed', message: 'failed' });
      return em.flush();
    };
    await open();
    await expect(open()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    const em = fork();
    const first = await em.findOneOrFail(Notification, { invoice: invoice.id, state: 'open' });
    first.state = 'resolved';
    first.resolution = 'synced';
    first.resolvedAt = new Date();
    await em.flush();
    await open();
    expect(await fork().count(Notification, { invoice: invoice.id })).toBe(2);
  });

  it('number call log rows in order and keep them when their connection is gone', async () => {
    const tenant = await newTenant();
    const em = fork();
    for (const attempt of [1, 2]) {
      em.create(CallLog, {
        at: new Date(),
        tenant: tenant.id,
        connector: 'sevdesk',
        connectionId: '00000000-0000-4000-8000-000000000000',
        operation: 'bookVoucher',
        attempt,
        method: 'POST',
        host: 'my.sevdesk.de',
        path: '/api/v1/Voucher/Factory/saveVoucher',
        statusCode: attempt === 1 ? 503 : 201,
        durationMs: 12,
        error: attempt === 1,
        message: attempt === 1 ? 'Service Unavailable' : null,
        request: { voucher: { description: 'RE-4' } },
        response: null,
      });
    }
    await em.flush();
    const rows = await fork().find(CallLog, { tenant: tenant.id }, { orderBy: { at: 'desc', id: 'desc' } });
    expect(rows.map((r) => r.attempt)).toEqual([2, 1]);
    expect(typeof rows[0]!.id).toBe('number');
    expect(rows[0]!.id).toBeGreaterThan(rows[1]!.id);
  });
});
