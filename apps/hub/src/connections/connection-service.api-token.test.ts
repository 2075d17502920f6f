import { connector as reference, createReferenceSandbox, type ReferenceSandbox } from '@accounting-hub/connector-reference';
import { ConnectorError, isConnectorError } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionService } from '../app/services.js';
import { Connection } from '../db/entities/connection.js';
import { Notification } from '../db/entities/notification.js';
import type { Tenant } from '../db/entities/tenant.js';
import { HubError } from '../errors/hub-error.js';
import { type ConnectionTestKit, startConnectionTestKit } from '../testing/connection-test-kit.js';
import { createOAuthTestConnector } from '../testing/oauth-test-connector.js';

let kit: ConnectionTestKit;
let sandbox: ReferenceSandbox;
let service: ConnectionService;

beforeAll(async () => {
  sandbox = await createReferenceSandbox();
  kit = await startConnectionTestKit({ connectors: [reference, createOAuthTestConnector({ id: 'oauthonly', auth: ['oauth2'] })] });
  service = kit.service();
});
afterAll(async () => {
  await kit?.close();
  await sandbox?.close();
});

const good = () => ({ credentials: { apiKey: sandbox.apiKey }, options: { baseUrl: sandbox.url } });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

async function rowOf(tenant: Tenant): Promise<Connection | null> {
  return kit.hub.orm.em.fork().findOne(Connection, { tenant: tenant.id, connector: 'reference' });
}

describe('ConnectionService with an API token (reference connector and its sandbox)', () => {
  it('connects good credentials: active, account shown, secret sealed (no plaintext key in the database)', async () => {
    const tenant = await kit.newTenant();
    const view = await service.connect(tenant, 'reference', good());
    expect(view).toMatchObject({ connector: 'reference', authKind: 'api_token', status: 'active', lastError: null, reauthBy: null });
    expect(view.account?.name).toBeTruthy();
    expect(Date.parse(view.authenticatedAt!)).toBeGreaterThan(Date.now() - 60_000);

    const { rows } = await kit.hub.pool.query<{ id: string; secret: string; row: string }>(
      'select id, secret, row_to_json(c)::text as row from connection c where tenant_id = $1',
      [tenant.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(sandbox.apiKey);
    expect(kit.box.open(rows[0]!.secret, rows[0]!.id)).toEqual({ apiKey: sandbox.apiKey });
    // The test's calls are logged under the id the connection got, without the key.
    const log = await kit.hub.pool.query('select operation, connection_id from call_log where tenant_id = $1', [tenant.id]);
    expect(log.rows).toEqual([{ operation: 'testConnection', connection_id: rows[0]!.id }]);
    expect(await kit.callLogText()).not.toContain(sandbox.apiKey);
  });

  it('refuses bad credentials with 422 and the provider reason, storing no connection', async () => {
    const tenant = await kit.newTenant();
    const err = await caught(service.connect(tenant, 'reference', { credentials: { apiKey: 'wrong-key-123' }, options: { baseUrl: sandbox.url } }));
    expect(err).toBeInstanceOf(HubError);
    const hubError = err as HubError;
    expect(hubError.statusCode).toBe(422);
    expect(hubError.code).toBe('connection_test_failed');
    expect(hubError.message).toMatch(/401/);
    expect(hubError.extra).toMatchObject({ error: { kind: 'auth', httpStatus: 401 } });
    expect(await rowOf(tenant)).toBeNull();
  });

  it('answers 400 with every invalid field under credentials. and options.', async () => {
    const tenant = await kit.newTenant();
    const err = (await caught(service.connect(tenant, 'reference', { credentials: { apiKey: 'short' }, options: { baseUrl: 'nope' } }))) as HubError;
    expect(err.statusCode).toBe(400);
    expect(err.details.map((d) => d.path).sort()).toEqual(['credentials.apiKey', 'options.baseUrl']);
  });

  it('refuses token credentials for an OAuth-only connector and unknown connectors', async () => {
    const tenant = await kit.newTenant();
    const oauthOnly = (await caught(service.connect(tenant, 'oauthonly', good()))) as HubError;
    expect([oauthOnly.statusCode, oauthOnly.code]).toEqual([422, 'oauth_only']);
    const unknown = (await caught(service.connect(tenant, 'datev', good()))) as HubError;
    expect([unknown.statusCode, unknown.code]).toEqual([404, 'unknown_connector']);
    expect(unknown.message).toContain('"reference"');
  });

  it('lists, re-tests and disconnects; a reconnect keeps the id and resolves the reauth notification', async () => {
    const tenant = await kit.newTenant();
    const first = await service.connect(tenant, 'reference', good());
    const id = (await rowOf(tenant))!.id;
    expect(await service.list(tenant)).toEqual([first]);

    const ok = await service.test(tenant, 'reference');
    expect(ok).toMatchObject({ ok: true, account: first.account });

    // The key stops working at the tool: the test says so and the connection needs the tenant.
    await kit.hub.pool.query('update connection set secret = $2 where id = $1', [id, kit.box.seal({ apiKey: 'revoked-key-1' }, id)]);
    const failed = await service.test(tenant, 'reference');
    expect(failed).toMatchObject({ ok: false, error: { kind: 'auth', httpStatus: 401 } });
    expect((await service.list(tenant))[0]).toMatchObject({ status: 'reauth_required', lastError: { kind: 'auth' } });
    const open = await kit.hub.orm.em.fork().find(Notification, { tenant: tenant.id, kind: 'reauth_required', state: 'open' });
    expect(open).toHaveLength(1);
    expect(open[0]!.message).toMatch(/Connect Reference Books again/);

    await service.connect(tenant, 'reference', good());
    expect((await rowOf(tenant))!.id).toBe(id);
    expect((await service.list(tenant))[0]).toMatchObject({ status: 'active', lastError: null });
    const after = await kit.hub.orm.em.fork().find(Notification, { tenant: tenant.id, kind: 'reauth_required' });
    expect(after.map((n) => [n.state, n.resolution])).toEqual([['resolved', 'synced']]);

    await service.disconnect(tenant, 'reference');
    expect(await service.list(tenant)).toEqual([]);
    expect(((await caught(service.disconnect(tenant, 'reference'))) as HubError).statusCode).toBe(404);
    expect(((await caught(service.test(tenant, 'reference'))) as HubError).statusCode).toBe(404);
  });

  it('opens a working context whose calls land in the call log with tenant, connector and invoice, never the key', async () => {
    const tenant = await kit.newTenant();
    await service.connect(tenant, 'reference', good());
    const invoiceId = '00000000-0000-4000-8000-000000000001';
    const opened = await service.open({ tenantId: tenant.id, connectorId: 'reference', invoiceId });
    expect(opened.connector).toBe(reference);
    expect(opened.connection.tenant.id).toBe(tenant.id);
    expect(opened.ctx.tenant).toEqual({ id: tenant.id, name: tenant.name });
    expect(opened.ctx.connection.options).toEqual({ baseUrl: sandbox.url });

    const result = await opened.connector.upsertCustomer(opened.ctx, {
      customer: { ref: 'C-1', type: 'company', companyName: 'Börse GmbH', address: { street: 'Hauptstr. 1', zip: '10115', city: 'Berlin', countryCode: 'DE' } },
      remote: null,
    });
    expect(result.action).toBe('created');

    const { rows } = await kit.hub.pool.query(
      'select tenant_id, connector, connection_id, invoice_id, operation, method, status_code, error from call_log where invoice_id = $1 order by id',
      [invoiceId],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ tenant_id: tenant.id, connector: 'reference', connection_id: opened.connection.id, invoice_id: invoiceId });
    }
    expect(rows.some((r) => r.operation === 'upsertCustomer' && r.method === 'POST' && r.status_code < 300)).toBe(true);
    expect(await kit.callLogText()).not.toContain(sandbox.apiKey);
  });

  it('refuses to open a missing connection and one that needs re-authorization, with auth errors', async () => {
    const tenant = await kit.newTenant();
    const none = await caught(service.open({ tenantId: tenant.id, connectorId: 'reference', invoiceId: null }));
    expect(isConnectorError(none) && none.kind).toBe('auth');
    expect((none as Error).message).toBe('No Reference Books connection: connect it in settings');

    await service.connect(tenant, 'reference', good());
    const id = (await rowOf(tenant))!.id;
    const verdict = await service.handleAuthFailure(id, new ConnectorError({ kind: 'auth', message: 'Reference Books refused the credentials (401)' }));
    expect(verdict).toBe('reauth_required');
    const dead = await caught(service.open({ tenantId: tenant.id, connectorId: 'reference', invoiceId: null }));
    expect(isConnectorError(dead) && dead.kind).toBe('auth');
    expect((dead as Error).message).toMatch(/refused the credentials \(401\)/);
    const notes = await kit.hub.orm.em.fork().find(Notification, { tenant: tenant.id, kind: 'reauth_required', state: 'open' });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.connector).toBe('reference');
  });
});
