import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

let hub: TestHub;
let tenant: TestTenant;
beforeAll(async () => {
  hub = await startTestHub();
  tenant = await hub.tenant('Customers GmbH');
});
afterAll(async () => {
  await hub?.close();
});

const company = {
  type: 'company',
  companyName: 'Börse Hamburg GmbH',
  vatId: 'de 284 070 765',
  address: { street: 'Kleine Johannisstr. 4', zip: '20457', city: 'Hamburg', countryCode: 'DE' },
  email: 'info@boerse.example',
  contactPerson: { salutation: 'Frau', firstName: 'Erika', lastName: 'Muster', email: 'erika@boerse.example' },
};

describe('PUT/GET/PATCH /v1/customers/{ref}', () => {
  it('stores the master data and answers it with syncDisabled and remote (null until synced)', async () => {
    const put = await hub.call('PUT', '/v1/customers/K-100', { token: tenant.apiKey, body: company });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      ref: 'K-100',
      ...company,
      vatId: 'DE284070765',
      syncDisabled: false,
      remote: null,
      createdAt: expect.any(String),
    });
    const get = await hub.call('GET', '/v1/customers/K-100', { token: tenant.apiKey });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual(put.json());
  });

  it('replaces the data on a second PUT and never queues a job for it', async () => {
    const jobsBefore = await jobCount();
    await hub.call('PUT', '/v1/customers/K-200', { token: tenant.apiKey, body: company });
    const res = await hub.call('PUT', '/v1/customers/K-200', {
      token: tenant.apiKey,
      body: { type: 'person', firstName: 'Max', lastName: 'Mustermann' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ref: 'K-200', type: 'person', lastName: 'Mustermann' });
    expect(res.json().companyName).toBeUndefined();
    expect(await jobCount()).toBe(jobsBefore);
  });

  it('shows the customer record of the tenant\'s current tool once synced', async () => {
    await hub.call('PUT', '/v1/customers/K-300', { token: tenant.apiKey, body: company });
    const row = await hub.pool.query('select id from customer where tenant_id = $1 and ref = $2', [tenant.id, 'K-300']);
    await hub.pool.query(
      `insert into customer_link (id, customer_id, connector, remote_id, customer_number) values ($1, $2, 'sevdesk', 'c-77', '10042')`,
      [randomUUID(), row.rows[0].id],
    );
    expect((await hub.call('GET', '/v1/customers/K-300', { token: tenant.apiKey })).json().remote).toBeNull();
    await hub.call('PUT', '/v1/settings', { token: tenant.apiKey, body: { connector: 'sevdesk' } });
    const res = await hub.call('GET', '/v1/customers/K-300', { token: tenant.apiKey });
    expect(res.json().remote).toEqual({ connector: 'sevdesk', id: 'c-77', customerNumber: '10042' });
    await hub.call('PUT', '/v1/settings', { token: tenant.apiKey, body: { connector: null } });
  });

  it('PATCH sets syncDisabled', async () => {
    await hub.call('PUT', '/v1/customers/K-400', { token: tenant.apiKey, body: company });
    const res = await hub.call('PATCH', '/v1/customers/K-400', { token: tenant.apiKey, body: { syncDisabled: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ref: 'K-400', syncDisabled: true, companyName: company.companyName });
    // A later PUT keeps the flag.
    await hub.call('PUT', '/v1/customers/K-400', { token: tenant.apiKey, body: company });
    expect((await hub.call('GET', '/v1/customers/K-400', { token: tenant.apiKey })).json().syncDisabled).toBe(true);
  });

  it('answers 404 for an unknown ref (GET and PATCH)', async () => {
    expect((await hub.call('GET', '/v1/customers/nope', { token: tenant.apiKey })).statusCode).toBe(404);
    const patch = await hub.call('PATCH', '/v1/customers/nope', { token: tenant.apiKey, body: { syncDisabled: true } });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().error.code).toBe('not_found');
  });

  it('refuses invalid master data with field paths and stores nothing', async () => {
    const before = await hub.count('customer', tenant.id);
    const res = await hub.call('PUT', '/v1/customers/K-500', {
      token: tenant.apiKey,
      body: { type: 'company', email: 'not-an-email', address: { countryCode: 'Germany' } },
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'address.countryCode']));
    const missingName = await hub.call('PUT', '/v1/customers/K-500', { token: tenant.apiKey, body: { type: 'company' } });
    expect(missingName.json().error.details).toEqual([{ path: 'companyName', message: 'a company needs a companyName' }]);
    const badRef = await hub.call('PUT', '/v1/customers/K%20500', { token: tenant.apiKey, body: company });
    expect(badRef.statusCode).toBe(400);
    expect(badRef.json().error.details[0].path).toBe('ref');
    expect(await hub.count('customer', tenant.id)).toBe(before);
  });

  it('is a tenant route: the admin gets 403, another tenant 404', async () => {
    await hub.call('PUT', '/v1/customers/K-600', { token: tenant.apiKey, body: company });
    expect((await hub.call('GET', '/v1/customers/K-600', { token: ADMIN_TOKEN })).statusCode).toBe(403);
    const other = await hub.tenant();
    expect((await hub.call('GET', '/v1/customers/K-600', { token: other.apiKey })).statusCode).toBe(404);
    expect((await hub.call('PATCH', '/v1/customers/K-600', { token: other.apiKey, body: { syncDisabled: true } })).statusCode).toBe(404);
    // Its own K-600 is another customer.
    const own = await hub.call('PUT', '/v1/customers/K-600', { token: other.apiKey, body: { type: 'person', lastName: 'Other' } });
    expect(own.statusCode).toBe(200);
    expect((await hub.call('GET', '/v1/customers/K-600', { token: tenant.apiKey })).json().companyName).toBe(company.companyName);
  });
});

async function jobCount(): Promise<number> {
  const res = await hub.pool.query("select count(*)::int as n from pgboss.job where name = 'invoice-sync'");
  return res.rows[0].n;
}
