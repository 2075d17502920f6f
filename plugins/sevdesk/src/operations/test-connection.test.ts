import { ConnectorError, testConnectionResult } from '@accounting-hub/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connector } from '../connector.js';
import { type SevdeskSandbox, createSevdeskSandbox } from '../sandbox/index.js';
import { sevdeskState } from '../state.js';
import { testConnectionTo } from '../testing/context.js';
import { WRONG_TOKEN } from '../testing/sandbox-target.js';

let sandbox: SevdeskSandbox;

beforeAll(async () => {
  sandbox = await createSevdeskSandbox({ requestsPerSecond: 100 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('testConnection', () => {
  it('reads the bookkeeping system, the user, the countries and the revenue accounts into the state', async () => {
    const conn = testConnectionTo(sandbox);
    const result = testConnectionResult.parse(await connector.testConnection(conn.ctx()));
    const state = sevdeskState.parse(result.state);
    expect(state).toMatchObject({ bookkeepingSystemVersion: '2.0', sevUserId: '1551095', sevClientId: '820011', addressCategoryId: '47' });
    expect(state.countries).toMatchObject({ DE: '1', AT: '2', US: '16' });
    expect(Object.fromEntries(Object.entries(state.revenueAccounts).map(([rule, a]) => [rule, a.id]))).toEqual({
      '1': '3631',
      '11': '3631',
      '5': '3645',
      '3': '3640',
      '17': '3651',
    });
    expect(result.account).toMatchObject({ id: '820011', name: 'Sandbox Admin', bookkeepingSystemVersion: '2.0' });
    expect(conn.records.every((r) => r.method === 'GET')).toBe(true);
  });

  it('answers a wrong token with a clear reason, writes nothing and sends the token raw (no Bearer)', async () => {
    const conn = testConnectionTo(sandbox, { apiToken: WRONG_TOKEN });
    const error = await connector.testConnection(conn.ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'auth', httpStatus: 401 });
    expect((error as Error).message).toMatch(/^sevdesk refused the API token \(401\): copy it again from sevdesk \(Einstellungen → Benutzer → API-Token/);
    expect(conn.records.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /Tools/bookkeepingSystemVersion']);
    expect(JSON.stringify(conn.records)).not.toContain(WRONG_TOKEN);
    expect(await sandbox.control.customers()).toEqual([]);
    expect(await sandbox.control.documents()).toEqual([]);
  });

  it('asks for "Test connection" again when the stored state is missing', async () => {
    const conn = testConnectionTo(sandbox);
    await expect(connector.findBooked(conn.ctx({}), { kind: 'invoice', purpose: 'invoice', number: 'X', reference: 'r', date: '2021-01-01', totalGross: '1.00', customer: null })).rejects.toMatchObject({
      kind: 'auth',
    });
  });
});

describe('error mapping', () => {
  it('maps 429 to rate_limited, a 5xx on a read to transient and on a write to uncertain', async () => {
    const connected = await testConnectionTo(sandbox).connected();
    const find = (ctx = connected) =>
      connector.findBooked(ctx, { kind: 'invoice', purpose: 'invoice', number: 'X', reference: 'r', date: '2021-01-01', totalGross: '1.00', customer: null });
    await sandbox.control.injectFault({ kind: 'status', status: 429, headers: { 'retry-after': '7' }, match: {} });
    await expect(find()).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    // The 429 paused that connection's bucket for 7 s; the rest goes through a fresh connection.
    const ctx = await testConnectionTo(sandbox).connected();
    await sandbox.control.injectFault({ kind: 'status', status: 503, times: 2, match: { method: 'GET' } });
    await expect(find(ctx)).rejects.toMatchObject({ kind: 'transient' });
    await sandbox.control.injectFault({ kind: 'status', status: 500, match: { method: 'POST' } });
    const customer = { ref: 'TN-1', type: 'person', lastName: 'Muster' } as const;
    await expect(connector.upsertCustomer(ctx, { customer: { ...customer, address: undefined }, remote: null })).rejects.toMatchObject({ kind: 'uncertain' });
  });

  it('maps 403 to auth with the plan as a likely reason', async () => {
    const conn = testConnectionTo(sandbox);
    await sandbox.control.injectFault({ kind: 'status', status: 403, match: {} });
    const error = await connector.testConnection(conn.ctx()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', httpStatus: 403 });
    expect((error as Error).message).toMatch(/Buchhaltung Pro/);
  });
});
