import { connector as lexoffice } from '@accounting-hub/connector-lexoffice';
import { createLexofficeSandbox, type LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import type { AnyConnector } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionService } from '../app/services.js';
import { type ConnectionTestKit, startConnectionTestKit } from '../testing/connection-test-kit.js';

/**
 * The hub's OAuth against lexoffice's own connector and its sandbox authorization server (PKCE S256, Basic client
 * auth, strict redirect URIs, rotating refresh tokens): what a partner-app tenant goes through.
 */
let sandbox: LexofficeSandbox;
let kit: ConnectionTestKit;
let service: ConnectionService;
const callback = 'https://hub.example.com/v1/oauth/lexoffice/callback';

beforeAll(async () => {
  sandbox = await createLexofficeSandbox({
    oauthClients: [{ clientId: 'hub-client', clientSecret: 'hub-client-secret-123', redirectUris: [callback] }],
    requestsPerSecond: 50,
  });
  kit = await startConnectionTestKit({
    connectors: [lexoffice as AnyConnector],
    oauth: { lexoffice: { clientId: 'hub-client', clientSecret: 'hub-client-secret-123' } },
  });
  service = kit.service();
});
afterAll(async () => {
  await kit?.close();
  await sandbox?.close();
});

describe('OAuth with lexoffice (its sandbox)', () => {
  it('authorizes, refreshes with rotation and revokes', async () => {
    const tenant = await kit.newTenant('Muster & Söhne GmbH');
    const options = { baseUrl: sandbox.url, authBaseUrl: sandbox.url, requestsPerSecond: 10 };
    const { url } = await service.startAuthorization(tenant, 'lexoffice', { options });
    const u = new URL(url);
    expect(u.pathname).toBe('/oauth2/authorize');
    expect(u.searchParams.get('connection_name')).toBe('Muster Söhne GmbH');
    expect(u.searchParams.get('scope')?.split(' ')).toContain('vouchers.write');

    const consent = await fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location')!);
    expect(back.searchParams.get('error')).toBeNull();
    await service.completeAuthorization('lexoffice', { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! });
    const [view] = await service.list(tenant);
    expect(view).toMatchObject({ connector: 'lexoffice', authKind: 'oauth2', status: 'active', lastError: null });

    // The access token is about to run out: the next job refreshes (rotation) and works with the new token.
    await kit.hub.pool.query(`update connection set access_token_expires_at = now() where tenant_id = $1`, [tenant.id]);
    const opened = await service.open({ tenantId: tenant.id, connectorId: 'lexoffice', invoiceId: null });
    await expect(opened.connector.testConnection(opened.ctx)).resolves.toMatchObject({ account: {} });
    const log = await kit.hub.pool.query('select operation, status_code from call_log where tenant_id = $1 and operation like $2 order by id', [
      tenant.id,
      'oauth%',
    ]);
    expect(log.rows).toEqual([
      { operation: 'oauthToken', status_code: 200 },
      { operation: 'oauthRefresh', status_code: 200 },
    ]);

    await service.disconnect(tenant, 'lexoffice');
    expect(await service.list(tenant)).toEqual([]);
    const revoke = await kit.hub.pool.query('select status_code from call_log where tenant_id = $1 and operation = $2', [tenant.id, 'oauthRevoke']);
    expect(revoke.rows).toEqual([{ status_code: 200 }]);
    const text = await kit.callLogText();
    expect(text).not.toContain('hub-client-secret-123');
  });
});
