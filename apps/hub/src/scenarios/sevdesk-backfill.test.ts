/**
 * "Bestehende Belege nachträglich übertragen" (shared/seeds/004_*): a tenant with invoices that were never
 * transferred queues a date range, sees each invoice's transfer status, and a second backfill books nothing twice.
 */
import type { SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import { samplePdfDocument, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';
import { connectSevdesk, openapiReport, startSevdesk, submitInvoice } from './sevdesk-support.js';

let hub: TestHub;
let sandbox: SevdeskSandbox;
let tenant: TestTenant;

const FROM = '2024-02-01';
const TO = '2024-03-31';
/** Number → invoice date; the range's own first and last day are inside it. */
const INSIDE = { 'HS-2024-011': '2024-02-01', 'HS-2024-017': '2024-02-20', 'HS-2024-029': '2024-03-31' };
const OUTSIDE = { 'HS-2023-188': '2023-12-20', 'HS-2024-009': '2024-01-31', 'HS-2024-030': '2024-04-01' };

/** An invoice of the dog school (voucher mode: the tenant's own invoice with its PDF). */
function existingInvoice(number: string, date: string, customer: Record<string, unknown> = seedInvoiceInputs.bettinaWolf.customer) {
  return {
    number,
    date,
    serviceDate: date,
    taxMode: 'gross',
    customer,
    lines: [{ title: 'Welpenkurs (6 Termine)', quantity: 1, unitPrice: '149.00', taxRate: 19 }],
    document: samplePdfDocument(`${number}.pdf`, `Rechnung ${number}`),
  };
}

interface ListedInvoice {
  id: string;
  number: string;
  status: string;
  remote: { id: string; number: string } | null;
}

async function list(query: string): Promise<ListedInvoice[]> {
  const res = await hub.call('GET', `/v1/invoices?${query}`, { token: tenant.apiKey });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

const backfill = (body: Record<string, unknown>) => hub.call('POST', '/v1/sync/backfill', { token: tenant.apiKey, body });

const vouchers = async () => (await sandbox.control.documents()).filter((d) => d.kind === 'voucher');

async function queuedJobs(ids: string[]): Promise<number> {
  const res = await hub.pool.query("select count(*)::int as n from pgboss.job where name = 'invoice-sync' and data->>'invoiceId' = any($1)", [ids]);
  return res.rows[0].n;
}

/** Polls the range's list until every invoice is booked; answers each invoice's statuses in the order seen. */
async function watchUntilBooked(query: string, timeoutMs = 20_000): Promise<Map<string, string[]>> {
  const seen = new Map<string, string[]>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await list(query);
    for (const i of items) {
      const statuses = seen.get(i.number) ?? [];
      if (statuses.at(-1) !== i.status) statuses.push(i.status);
      seen.set(i.number, statuses);
    }
    if (items.every((i) => i.status === 'booked')) return seen;
    if (items.some((i) => i.status === 'failed') || Date.now() > deadline) {
      throw new Error(`the range did not become booked: ${JSON.stringify(items)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  [sandbox, hub] = await Promise.all([startSevdesk(), startTestHub()]);
  tenant = await hub.tenant('123Hundeschule Musterstadt');
  // Automatic transfer off: the invoices the tenant already has wait until it back-fills them.
  await connectSevdesk(hub, tenant, sandbox, { mode: 'voucher', autoSync: false });
});
afterAll(async () => {
  await hub?.close();
  await sandbox?.close();
});

describe('backfill of existing invoices to sevdesk', () => {
  const ids = new Map<string, string>();

  it('invoices of a tenant without automatic transfer stay pending and nothing reaches sevdesk', async () => {
    for (const [number, date] of Object.entries({ ...INSIDE, ...OUTSIDE })) ids.set(number, await submitInvoice(hub, tenant, existingInvoice(number, date)));
    const all = await list('limit=500');
    expect(all.map((i) => [i.number, i.status]).sort()).toEqual(
      Object.keys({ ...INSIDE, ...OUTSIDE }).sort().map((n) => [n, 'pending']),
    );
    expect(await queuedJobs([...ids.values()])).toBe(0);
    expect(await sandbox.control.documents()).toEqual([]);
    expect(await sandbox.control.customers()).toEqual([]);
  });

  it('POST /v1/sync/backfill queues exactly the range; each invoice\'s status moves to booked, the others stay pending', async () => {
    const res = await backfill({ from: FROM, to: TO });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ queued: 3 });

    const seen = await watchUntilBooked(`from=${FROM}&to=${TO}`);
    expect([...seen.keys()].sort()).toEqual(Object.keys(INSIDE).sort());
    for (const statuses of seen.values()) {
      expect(statuses[0]).toMatch(/^(pending|syncing|booked)$/);
      expect(statuses.at(-1)).toBe('booked');
    }
    const outside = [...(await list(`to=${'2024-01-31'}`)), ...(await list('from=2024-04-01'))];
    expect(outside.map((i) => [i.number, i.status]).sort()).toEqual(Object.keys(OUTSIDE).sort().map((n) => [n, 'pending']));

    // sevdesk holds exactly the range: one voucher per invoice, under the tenant's number, 149.00 each.
    const docs = await vouchers();
    expect(docs.map((d) => d.number).sort()).toEqual(Object.keys(INSIDE).sort());
    for (const d of docs) expect(d).toMatchObject({ totalGross: '149.00', totalNet: '125.21', totalTax: '23.79', files: [expect.any(String)] });
    const booked = await list(`from=${FROM}&to=${TO}`);
    for (const i of booked) expect(docs.find((d) => d.id === i.remote?.id)?.number).toBe(i.number);
    // One customer for all of them.
    expect(await sandbox.control.customers()).toHaveLength(1);
  });

  it('running the backfill again books nothing twice', async () => {
    const again = await backfill({ from: FROM, to: TO });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ queued: 0 });
    // Give a stray job the chance to run (the workers poll every second) before counting.
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await vouchers()).map((d) => d.number).sort()).toEqual(Object.keys(INSIDE).sort());
    expect((await list(`from=${FROM}&to=${TO}`)).every((i) => i.status === 'booked')).toBe(true);
  });

  it('two backfills of an overlapping range at once still book every invoice once', async () => {
    const [a, b] = await Promise.all([backfill({ from: '2023-12-01', to: '2024-01-31' }), backfill({ from: '2023-12-01', to: '2024-01-31' })]);
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    // Both may queue the two unbooked invoices (the contract: every invoice of the range not booked yet); the
    // queue keeps one job per invoice and the claim lets one worker book it.
    expect(Math.max(a.json().queued, b.json().queued)).toBe(2);
    await watchUntilBooked('from=2023-12-01&to=2024-01-31');
    expect(await backfill({ from: '2023-01-01', to: '2024-12-31' }).then((r) => r.json())).toEqual({ queued: 1 }); // HS-2024-030 only
    await watchUntilBooked('from=2023-01-01&to=2024-12-31');
    const numbers = (await vouchers()).map((d) => d.number).sort();
    expect(numbers).toEqual(Object.keys({ ...INSIDE, ...OUTSIDE }).sort());
  });

  it('status: failed re-queues an invoice that failed, once the tenant has corrected the customer', async () => {
    // Jana Krüger lives in a country sevdesk does not know: the booking fails before anything is written.
    const customer = {
      ref: 'K-0815',
      type: 'person',
      firstName: 'Jana',
      lastName: 'Krüger',
      address: { street: 'Unknown Road 1', zip: '00000', city: 'Nowhere', countryCode: 'ZZ' },
      email: 'jana.krueger@example.com',
    };
    const id = await submitInvoice(hub, tenant, existingInvoice('HS-2024-021', '2024-03-01', customer));
    expect((await hub.call('POST', `/v1/invoices/${id}/sync`, { token: tenant.apiKey })).statusCode).toBe(202);
    const failed = await hub.waitForInvoice(tenant, id, ['failed']);
    expect(failed.lastError).toMatchObject({ kind: 'validation' });
    expect((await list(`from=${FROM}&to=${TO}&status=failed`)).map((i) => i.number)).toEqual(['HS-2024-021']);
    const inbox = await hub.call('GET', '/v1/notifications?state=open', { token: tenant.apiKey });
    expect(inbox.json().items).toEqual([expect.objectContaining({ invoiceId: id, kind: 'sync_failed' })]);
    const before = (await vouchers()).length;

    // The tenant corrects the address, then back-fills what failed in the range.
    const fix = await hub.call('PUT', '/v1/customers/K-0815', {
      token: tenant.apiKey,
      body: { ...customer, ref: undefined, address: { street: 'Lindenweg 3', zip: '12345', city: 'Musterstadt', countryCode: 'DE' } },
    });
    expect(fix.statusCode, fix.body).toBe(200);
    const res = await backfill({ from: FROM, to: TO, status: 'failed' });
    expect(res.json()).toEqual({ queued: 1 });
    const booked = await hub.waitForInvoice(tenant, id, ['booked']);
    expect(booked.lastError).toBeNull();

    const docs = await vouchers();
    expect(docs).toHaveLength(before + 1);
    const doc = docs.find((d) => d.id === (booked.remote as { id: string }).id)!;
    expect(doc.number).toBe('HS-2024-021');
    const jana = (await sandbox.control.customers()).find((c) => c.id === doc.customerId);
    expect(jana).toMatchObject({ name: 'Jana Krüger', customerNumber: 'K-0815' });
    const resolved = await hub.call('GET', '/v1/notifications?state=resolved', { token: tenant.apiKey });
    expect(resolved.json().items).toEqual([expect.objectContaining({ invoiceId: id, resolution: 'synced' })]);
    expect((await backfill({ from: FROM, to: TO, status: 'failed' })).json()).toEqual({ queued: 0 });
    expect((await openapiReport(sandbox)).failures).toEqual([]);
  });
});
