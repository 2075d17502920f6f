import { createReferenceSandbox, type ReferenceSandbox } from '@accounting-hub/connector-reference';
import { CORRECTED_BOERSE_VAT_ID, seedExpectations, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, invoiceBody, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

/**
 * The job path end to end through the REST API with the reference connector: intake → durable job → worker →
 * connector → sandbox, and what the engine does when the tool fails in each way the taxonomy names.
 */
let hub: TestHub;
let sandbox: ReferenceSandbox;
let seq = 0;
/** Log lines of hub processes that were replaced (the restart test), for the secrets check. */
let earlierLogs = '';
const hubEnv = { SYNC_RETRY_BASE_MS: '50', SYNC_MAX_ATTEMPTS: '4', WORKER_CONCURRENCY: '4', HUB_CONNECTORS: 'reference' };

beforeAll(async () => {
  sandbox = await createReferenceSandbox({ requestsPerSecond: 200 });
  hub = await startTestHub({
    captureLogs: true,
    env: hubEnv,
  });
});
afterAll(async () => {
  await hub?.close();
  await sandbox?.close();
});
afterEach(async () => {
  // Faults a test left unused must not leak into the next one.
  await sandbox.control.reset();
});

async function connectedTenant(mode: 'invoice' | 'voucher', extra: Record<string, unknown> = {}): Promise<TestTenant> {
  const tenant = await hub.tenant(`Engine ${mode} ${++seq}`);
  const connect = await hub.call('PUT', '/v1/connections/reference', {
    token: tenant.apiKey,
    body: { credentials: { apiKey: sandbox.apiKey }, options: { baseUrl: sandbox.url } },
  });
  expect(connect.statusCode, connect.body).toBe(200);
  const settings = await hub.call('PUT', '/v1/settings', {
    token: tenant.apiKey,
    body: { connector: 'reference', mode, invoiceStatus: 'finalized', ...extra },
  });
  expect(settings.statusCode, settings.body).toBe(200);
  return tenant;
}

async function submit(tenant: TestTenant, body: Record<string, unknown>): Promise<string> {
  const res = await hub.call('POST', '/v1/invoices', { token: tenant.apiKey, body });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { id: string }).id;
}

const docsNumbered = async (number: string) =>
  (await sandbox.control.documents()).filter((d) => d.externalNumber === number || d.number === number);

async function logsOf(tenant: TestTenant, invoiceId: string) {
  const res = await hub.call('GET', `/v1/logs?invoiceId=${invoiceId}&limit=500`, { token: tenant.apiKey });
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: { method: string; path: string; statusCode: number | null; error: boolean; operation: string }[] }).items;
}

describe('the job path', () => {
  it('books the seed examples in voucher mode to the cent, customer then voucher then PDF, with every call logged', async () => {
    const tenant = await connectedTenant('voucher');
    const ids = {
      bettina: await submit(tenant, seedInvoiceInputs.bettinaWolf),
      iLearn: await submit(tenant, seedInvoiceInputs.iLearn),
    };
    const bettina = await hub.waitForInvoice(tenant, ids.bettina, ['booked']);
    const iLearn = await hub.waitForInvoice(tenant, ids.iLearn, ['booked']);
    expect(bettina.remote).toMatchObject({ connector: 'reference', kind: 'voucher', number: 'RE21-01039' });
    expect(iLearn.remote).toMatchObject({ connector: 'reference', kind: 'voucher', number: 'RE21-01040' });

    const [b] = await docsNumbered('RE21-01039');
    const [i] = await docsNumbered('RE21-01040');
    expect(b).toMatchObject({ totalGross: seedExpectations.bettinaWolf.totalGross, totalTax: seedExpectations.bettinaWolf.totalTax });
    expect(i).toMatchObject({ totalGross: '10495.00', totalTax: '1595.00' });
    expect(i?.items?.map((x) => [x.taxRate, x.net, x.tax])).toEqual(
      expect.arrayContaining([
        [19, '8100.00', '1539.00'],
        [7, '800.00', '56.00'],
      ]),
    );
    expect(i?.files).toHaveLength(1);

    const calls = await logsOf(tenant, ids.iLearn);
    // The log is newest first; an operation may take several calls (the connector reads before it writes).
    const ops = calls.map((c) => c.operation).reverse().filter((op, k, all) => op !== all[k - 1]);
    expect(ops).toEqual(['upsertCustomer', 'bookVoucher', 'attachDocument']);
    expect(calls.every((c) => !c.error && c.statusCode !== null && c.statusCode < 300)).toBe(true);
  });

  it('books in invoice mode and writes back the number the tool assigned, then cancels with a linked credit note', async () => {
    const tenant = await connectedTenant('invoice');
    const id = await submit(tenant, seedInvoiceInputs.jodelUndSoehne);
    const booked = await hub.waitForInvoice(tenant, id, ['booked']);
    const remote = booked.remote as { kind: string; number: string; id: string };
    expect(remote.kind).toBe('invoice');
    expect(remote.number).toMatch(/^R-\d+$/);
    expect(booked.totalGross).toBe(4284);

    const cancel = await hub.call('POST', `/v1/invoices/${id}/cancel`, {
      token: tenant.apiKey,
      body: { number: 'RE21-01038', date: '2021-01-27' },
    });
    expect(cancel.statusCode, cancel.body).toBe(202);
    const cancelled = await hub.waitForInvoice(tenant, id, ['booked'], { cancellation: ['booked'] });
    const credit = (cancelled.cancellation as { remote: { kind: string; id: string } }).remote;
    expect(credit.kind).toBe('credit_note');
    const doc = (await sandbox.control.documents()).find((d) => d.id === credit.id);
    expect(doc).toMatchObject({ kind: 'credit_note', totalGross: '4284.00', precedingId: remote.id });
  });

  it('pushes a known customer only when its data changed', async () => {
    const tenant = await connectedTenant('voucher');
    const first = await submit(tenant, invoiceBody(`SAME-${seq}-1`));
    await hub.waitForInvoice(tenant, first, ['booked']);
    const second = await submit(tenant, invoiceBody(`SAME-${seq}-2`));
    await hub.waitForInvoice(tenant, second, ['booked']);
    expect((await logsOf(tenant, second)).some((c) => c.operation === 'upsertCustomer')).toBe(false);

    const changed = invoiceBody(`SAME-${seq}-3`);
    (changed.customer as Record<string, unknown>).email = 'neu@musterfirma.de';
    const third = await submit(tenant, changed);
    await hub.waitForInvoice(tenant, third, ['booked']);
    const pushes = (await logsOf(tenant, third)).filter((c) => c.operation === 'upsertCustomer' && c.method !== 'GET');
    expect(pushes.map((c) => c.method)).toEqual(['PUT']);
    const customers = (await sandbox.control.customers()).filter((c) => c.name === 'Musterfirma GmbH');
    expect(customers).toHaveLength(1);
  });
});

describe('faults', () => {
  it('settles a 504 after the tool accepted the voucher with findBooked: exactly one voucher', async () => {
    const tenant = await connectedTenant('voucher');
    await sandbox.control.injectFault({ match: { method: 'POST', path: '^/v1/vouchers$' }, kind: 'after_write', status: 504 });
    const number = `UNCERTAIN-${seq}`;
    const id = await submit(tenant, invoiceBody(number));
    const booked = await hub.waitForInvoice(tenant, id, ['booked']);
    expect(await docsNumbered(number)).toHaveLength(1);
    expect(booked.attempts).toBe(2);
    const calls = (await logsOf(tenant, id)).reverse();
    const create = calls.filter((c) => c.method === 'POST' && c.path === '/v1/vouchers');
    expect(create.map((c) => c.statusCode)).toEqual([504]);
    // The second attempt looked first, found it, and did not create again.
    expect(calls.some((c) => c.operation === 'findBooked')).toBe(true);
  });

  it('retries a tool that answers 503 and books once it is back', async () => {
    const tenant = await connectedTenant('voucher');
    await sandbox.control.injectFault({ match: { method: 'POST', path: '^/v1/vouchers$' }, kind: 'status', status: 503, times: 2 });
    const number = `FLAKY-${seq}`;
    const id = await submit(tenant, invoiceBody(number));
    const booked = await hub.waitForInvoice(tenant, id, ['booked']);
    expect(booked.attempts).toBe(3);
    expect(booked.lastError).toBeNull();
    expect(await docsNumbered(number)).toHaveLength(1);
  });

  it('defers on 429 without spending attempts and books when the limit lifts', async () => {
    const tenant = await connectedTenant('voucher');
    // More 429s than the HTTP client retries (4), so the job itself is deferred.
    await sandbox.control.injectFault({
      match: { method: 'POST', path: '^/v1/vouchers$' },
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '1' },
      times: 5,
    });
    const number = `LIMITED-${seq}`;
    const id = await submit(tenant, invoiceBody(number));
    const booked = await hub.waitForInvoice(tenant, id, ['booked'], { timeoutMs: 20_000 });
    expect(booked.attempts).toBe(1);
    expect(await docsNumbered(number)).toHaveLength(1);
  });

  it('stops on a validation error, opens one notification, and books after the tenant corrects the customer', async () => {
    const tenant = await connectedTenant('voucher');
    const id = await submit(tenant, seedInvoiceInputs.boerseGmbH);
    const failed = await hub.waitForInvoice(tenant, id, ['failed']);
    expect(failed.lastError).toMatchObject({ kind: 'validation', field: 'customer.vatId' });
    const open = await hub.call('GET', '/v1/notifications?state=open', { token: tenant.apiKey });
    const items = (open.json() as { items: { invoiceId: string; kind: string; message: string }[] }).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ invoiceId: id, kind: 'sync_failed' });
    expect(items[0]?.message).toContain('DE28407065');

    // A second failure of the same invoice updates the notification instead of adding one.
    expect((await hub.call('POST', `/v1/invoices/${id}/sync`, { token: tenant.apiKey })).statusCode).toBe(202);
    await hub.waitForInvoice(tenant, id, ['failed']);
    const again = await hub.call('GET', '/v1/notifications?state=open', { token: tenant.apiKey });
    expect((again.json() as { items: unknown[] }).items).toHaveLength(1);

    const customer = { ...seedInvoiceInputs.boerseGmbH.customer, vatId: CORRECTED_BOERSE_VAT_ID } as Record<string, unknown>;
    const { ref, ...data } = customer;
    expect((await hub.call('PUT', `/v1/customers/${ref}`, { token: tenant.apiKey, body: data })).statusCode).toBe(200);
    expect((await hub.call('POST', `/v1/invoices/${id}/sync`, { token: tenant.apiKey })).statusCode).toBe(202);
    await hub.waitForInvoice(tenant, id, ['booked']);
    const resolved = await hub.call('GET', '/v1/notifications?state=resolved', { token: tenant.apiKey });
    expect((resolved.json() as { items: { resolution: string }[] }).items[0]?.resolution).toBe('synced');
    expect(await docsNumbered('RE21-01043')).toHaveLength(1);
  });

  it('fails for good after the last attempt and keeps the pending write, so a manual sync finds the voucher instead of booking it again', async () => {
    const tenant = await connectedTenant('voucher');
    await sandbox.control.injectFault({ match: { method: 'POST', path: '^/v1/vouchers$' }, kind: 'after_write', status: 504 });
    // Attempts 2-4 each try the look-up 4 times (the HTTP client's own retries for a GET): 12 answers of 503.
    await sandbox.control.injectFault({ match: { method: 'GET', path: '^/v1/documents$' }, kind: 'status', status: 503, times: 12 });
    const number = `STUCK-${seq}`;
    const id = await submit(tenant, invoiceBody(number));
    // Attempt 1 creates (504: uncertain); attempts 2-4 cannot look it up and may not create: failed.
    const failed = await hub.waitForInvoice(tenant, id, ['failed'], { timeoutMs: 40_000 });
    expect(failed.attempts).toBe(4);
    expect((failed.lastError as { kind: string }).kind).toBe('transient');
    expect(await docsNumbered(number)).toHaveLength(1);
    // The tool answers again: the manual sync looks first, finds the voucher of attempt 1, and creates nothing.
    expect((await hub.call('POST', `/v1/invoices/${id}/sync`, { token: tenant.apiKey })).statusCode).toBe(202);
    const booked = await hub.waitForInvoice(tenant, id, ['booked']);
    expect(await docsNumbered(number)).toHaveLength(1);
    expect((booked.remote as { number: string }).number).toBe(number);
  }, 60_000);
});

describe('durability', () => {
  it('loses nothing and books nothing twice when the hub restarts in the middle of a backlog', async () => {
    const tenant = await connectedTenant('voucher');
    await sandbox.control.injectFault({ match: { method: 'POST', path: '^/v1/vouchers$' }, kind: 'latency', ms: 60, times: 1000 });
    const numbers = Array.from({ length: 24 }, (_, k) => `BACKLOG-${seq}-${k}`);
    const ids: string[] = [];
    for (const n of numbers) ids.push(await submit(tenant, invoiceBody(n)));
    // Stop this hub process while the backlog is being worked, then start another on the same database.
    await new Promise((r) => setTimeout(r, 400));
    const database = hub.database;
    const before = await sandbox.control.documents();
    const first = hub;
    hub = await startTestHub({ database, captureLogs: true, env: hubEnv });
    await first.app.close();
    await first.runtime.close();
    earlierLogs += first.logs();
    for (const id of ids) await hub.waitForInvoice(tenant, id, ['booked'], { timeoutMs: 30_000 });
    const docs = await sandbox.control.documents();
    for (const n of numbers) expect(docs.filter((d) => d.externalNumber === n)).toHaveLength(1);
    expect(before.length).toBeLessThan(docs.length);
  });

  it('backfills a date range once: a second backfill queues nothing and books nothing twice', async () => {
    const tenant = await connectedTenant('voucher', { autoSync: false });
    const inRange = [`BF-${seq}-1`, `BF-${seq}-2`];
    const ids = [
      await submit(tenant, invoiceBody(inRange[0]!, { date: '2024-05-02', dueDate: '2024-05-20' })),
      await submit(tenant, invoiceBody(inRange[1]!, { date: '2024-05-30', dueDate: '2024-06-10' })),
      await submit(tenant, invoiceBody(`BF-${seq}-out`, { date: '2024-07-01', dueDate: '2024-07-20' })),
    ];
    expect(await docsNumbered(inRange[0]!)).toHaveLength(0);
    const first = await hub.call('POST', '/v1/sync/backfill', { token: tenant.apiKey, body: { from: '2024-05-01', to: '2024-05-31' } });
    expect(first.json()).toEqual({ queued: 2 });
    await hub.waitForInvoice(tenant, ids[0]!, ['booked']);
    await hub.waitForInvoice(tenant, ids[1]!, ['booked']);
    const second = await hub.call('POST', '/v1/sync/backfill', { token: tenant.apiKey, body: { from: '2024-05-01', to: '2024-05-31' } });
    expect(second.json()).toEqual({ queued: 0 });
    const outside = await hub.call('GET', `/v1/invoices/${ids[2]}`, { token: tenant.apiKey });
    expect((outside.json() as { status: string }).status).toBe('pending');
    for (const n of inRange) expect(await docsNumbered(n)).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('never writes the API key to the call log or the process log', async () => {
    const rows = await hub.pool.query<{ row: string }>('select row_to_json(c)::text as row from call_log c');
    expect(rows.rows.length).toBeGreaterThan(10);
    for (const { row } of rows.rows) expect(row).not.toContain(sandbox.apiKey);
    const connections = await hub.pool.query<{ row: string }>('select row_to_json(c)::text as row from connection c');
    for (const { row } of connections.rows) expect(row).not.toContain(sandbox.apiKey);
    const logs = earlierLogs + hub.logs();
    expect(logs).toContain('invoice booked');
    expect(logs).not.toContain(sandbox.apiKey);
    expect(logs).not.toContain(ADMIN_TOKEN);
  });
});
