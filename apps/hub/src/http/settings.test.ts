import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

let hub: TestHub;
let tenant: TestTenant;
beforeAll(async () => {
  hub = await startTestHub();
  tenant = await hub.tenant('Settings GmbH');
});
afterAll(async () => {
  await hub?.close();
});

describe('GET /v1/connectors', () => {
  it('lists the loaded connectors with auth, capabilities and the credentials JSON schema (tenant and admin)', async () => {
    for (const token of [tenant.apiKey, ADMIN_TOKEN]) {
      const res = await hub.call('GET', '/v1/connectors', { token });
      expect(res.statusCode).toBe(200);
      const list = res.json() as { id: string; auth: string; authKinds: string[]; credentialsSchema: { properties?: object } }[];
      expect(list.map((c) => c.id).sort()).toEqual(['lexoffice', 'reference', 'sevdesk']);
      const lex = list.find((c) => c.id === 'lexoffice')!;
      expect(lex).toMatchObject({
        displayName: expect.any(String),
        auth: 'oauth2',
        authKinds: ['oauth2', 'api_token'],
        capabilities: { invoices: true, vouchers: true },
      });
      expect(lex.credentialsSchema).toMatchObject({ type: 'object', properties: { apiKey: { type: 'string' } } });
      expect(list.find((c) => c.id === 'sevdesk')!.auth).toBe('api_token');
    }
  });

  it('needs a token', async () => {
    expect((await hub.call('GET', '/v1/connectors')).statusCode).toBe(401);
  });
});

describe('GET/PUT /v1/settings', () => {
  it('starts from the defaults', async () => {
    const t = await hub.tenant();
    const res = await hub.call('GET', '/v1/settings', { token: t.apiKey });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ connector: null, mode: 'voucher', invoiceStatus: 'draft', autoSync: true });
  });

  it('applies partial updates and answers the full settings', async () => {
    const t = await hub.tenant();
    let res = await hub.call('PUT', '/v1/settings', { token: t.apiKey, body: { connector: 'sevdesk' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ connector: 'sevdesk', mode: 'voucher', invoiceStatus: 'draft', autoSync: true });
    res = await hub.call('PUT', '/v1/settings', { token: t.apiKey, body: { mode: 'invoice', invoiceStatus: 'finalized', autoSync: false } });
    expect(res.json()).toEqual({ connector: 'sevdesk', mode: 'invoice', invoiceStatus: 'finalized', autoSync: false });
    res = await hub.call('PUT', '/v1/settings', { token: t.apiKey, body: { connector: null } });
    expect(res.json()).toEqual({ connector: null, mode: 'invoice', invoiceStatus: 'finalized', autoSync: false });
    expect((await hub.call('GET', '/v1/settings', { token: t.apiKey })).json()).toEqual(res.json());
  });

  it('refuses an unknown connector with 422 naming the field, and stores nothing', async () => {
    const res = await hub.call('PUT', '/v1/settings', { token: tenant.apiKey, body: { connector: 'datev', autoSync: false } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'unknown_connector', details: [{ path: 'connector', message: expect.any(String) }] });
    expect((await hub.call('GET', '/v1/settings', { token: tenant.apiKey })).json()).toMatchObject({ connector: null, autoSync: true });
  });

  it('refuses a setting the tenant\'s connection cannot honour (e-mail on a lexoffice API-key connection)', async () => {
    const t = await hub.tenant();
    await hub.pool.query(
      `insert into connection (id, tenant_id, connector, auth_kind, status, secret, unavailable, created_at, updated_at)
       values ($1, $2, 'lexoffice', 'api_token', 'active', 'sealed', $3, now(), now())`,
      [randomUUID(), t.id, JSON.stringify({ invoiceEmail: 'e-mail needs the partner API (connect with OAuth)' })],
    );
    const refused = await hub.call('PUT', '/v1/settings', {
      token: t.apiKey,
      body: { connector: 'lexoffice', mode: 'invoice', invoiceStatus: 'finalized_and_sent' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'setting_unsupported',
      message: expect.stringContaining('partner API'),
      details: [{ path: 'invoiceStatus', message: expect.any(String) }],
    });
    expect((await hub.call('GET', '/v1/settings', { token: t.apiKey })).json().connector).toBeNull();

    const ok = await hub.call('PUT', '/v1/settings', {
      token: t.apiKey,
      body: { connector: 'lexoffice', mode: 'invoice', invoiceStatus: 'finalized' },
    });
    expect(ok.statusCode).toBe(200);
    // A later change that the connection cannot do is refused too.
    const later = await hub.call('PUT', '/v1/settings', { token: t.apiKey, body: { invoiceStatus: 'finalized_and_sent' } });
    expect(later.statusCode).toBe(422);
  });

  it('validates the body', async () => {
    const res = await hub.call('PUT', '/v1/settings', { token: tenant.apiKey, body: { mode: 'ledger', autoSync: 'yes' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['autoSync', 'mode']);
  });
});
