/**
 * "Verbindung testen" (shared/seeds/004_*): a wrong API token is answered with a reason the tenant understands and
 * leaves nothing behind; a stored connection whose token sevdesk stopped accepting tests as refused.
 */
import { createSevdeskSandbox, type SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/test-hub.js';
import { databaseText, logRows, putSevdeskConnection, startSevdesk } from './sevdesk-support.js';

/** Well-formed (32 hex characters), so that the refusal comes from sevdesk, not from the hub's schema. */
const WRONG_TOKEN = '0123456789abcdef0123456789abcdef';
/** The connector's sentence for sevdesk's 401 (plugins/sevdesk/src/api/errors.ts). */
const REFUSED = /^sevdesk refused the API token \(401\): copy it again from sevdesk/;

let hub: TestHub;
let sandbox: SevdeskSandbox;

beforeAll(async () => {
  [sandbox, hub] = await Promise.all([startSevdesk(), startTestHub({ captureLogs: true })]);
});
afterAll(async () => {
  await hub?.close();
  await sandbox?.close();
});

describe('sevdesk "Test connection"', () => {
  it('a wrong token answers 422 with sevdesk\'s refusal and stores nothing: no connection, the token text nowhere', async () => {
    const tenant = await hub.tenant('Hundeschule Falscher Token');
    const res = await putSevdeskConnection(hub, tenant, sandbox, WRONG_TOKEN);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'connection_test_failed', message: expect.stringMatching(REFUSED), error: { kind: 'auth' } });
    expect(res.body).not.toContain(WRONG_TOKEN);

    expect(await hub.count('connection', tenant.id)).toBe(0);
    expect((await hub.call('GET', '/v1/connections', { token: tenant.apiKey })).json()).toEqual([]);
    // Nothing anywhere in the database carries the token: not the connection table, not the call log.
    const calls = await hub.pool.query<{ row: string }>('select t::text as row from call_log t where tenant_id = $1', [tenant.id]);
    for (const { row } of calls.rows) expect(row).not.toContain(WRONG_TOKEN);
    expect(await databaseText(hub)).not.toContain(WRONG_TOKEN);
    expect(hub.logs()).not.toContain(WRONG_TOKEN);
    // What was called is visible to support all the same, with the token redacted.
    const rows = await logRows(hub, tenant.apiKey, 'connector=sevdesk');
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(WRONG_TOKEN);
  });

  it('a token that is no sevdesk token at all is refused before sevdesk is asked, with the field named', async () => {
    const tenant = await hub.tenant('Hundeschule Tippfehler');
    const before = (await sandbox.control.stats()).requests;
    const res = await putSevdeskConnection(hub, tenant, sandbox, 'not-a-token');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: 'credentials.apiToken', message: expect.stringMatching(/32 hexadecimal characters/) },
    ]);
    expect((await sandbox.control.stats()).requests).toBe(before);
    expect(await hub.count('connection', tenant.id)).toBe(0);
  });

  it('a stored connection whose token sevdesk no longer accepts tests as { ok: false, error: { kind: "auth" } }', async () => {
    // Its own sevdesk account, so that the token can be revoked: the account comes back on the same address
    // with another token.
    const account = await createSevdeskSandbox();
    const port = Number(new URL(account.url).port);
    let replaced: SevdeskSandbox | undefined;
    try {
      const tenant = await hub.tenant('Hundeschule Widerrufen');
      const ok = await putSevdeskConnection(hub, tenant, account);
      expect(ok.statusCode, ok.body).toBe(200);
      const first = await hub.call('POST', '/v1/connections/sevdesk/test', { token: tenant.apiKey });
      expect(first.json()).toMatchObject({ ok: true, account: expect.any(Object), checkedAt: expect.any(String) });

      await account.close();
      replaced = await createSevdeskSandbox({ port });
      expect(replaced.url).toBe(account.url);

      const res = await hub.call('POST', '/v1/connections/sevdesk/test', { token: tenant.apiKey });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ ok: false, error: { kind: 'auth', message: expect.stringMatching(REFUSED) } });
      expect(res.body).not.toContain(account.apiToken);
      // The connection stays stored (the tenant pastes a new token), and the log shows the refused call.
      expect(await hub.count('connection', tenant.id)).toBe(1);
      const rows = await logRows(hub, tenant.apiKey, 'connector=sevdesk&errorsOnly=true');
      expect(rows.map((r) => [r.method, r.path, r.statusCode])).toContainEqual(['GET', '/Tools/bookkeepingSystemVersion', 401]);
      expect(JSON.stringify(rows)).not.toContain(account.apiToken);
      expect(await databaseText(hub)).not.toContain(account.apiToken);
      expect(hub.logs()).not.toContain(account.apiToken);
    } finally {
      await replaced?.close();
      await account.close().catch(() => undefined);
    }
  });
});
