/**
 * Benchmark 3, rate-limit efficiency: one lexoffice connection draining a backlog at lexoffice's real limit,
 * 2 requests/s (the sandbox enforces it per API key, the connection option requestsPerSecond 2 paces the hub's
 * shared token bucket). Figures: achieved requests/s divided by 2, the 429s the sandbox had to send (its stats),
 * and provider calls per booked document: voucher mode with the tenant's PDF (target 2: voucher + file), then
 * invoice mode as a draft (target 1: the invoice), both for a customer the tool already knows.
 */
import type pg from 'pg';
import { startHub, statusCounts, type Tenant, waitFor } from './lib/hub.js';
import { invoiceTemplate } from './lib/invoices.js';
import type { BenchmarkResult, Figure } from './lib/report.js';
import { startSandbox } from './lib/sandbox.js';
import { pooled } from './lib/stats.js';
import type { BenchContext } from './main.js';

const RPS = 2;

interface Drain {
  documents: number;
  calls: number;
  callsByOperation: Record<string, number>;
  calls429: number;
  sandbox429: number;
  sandboxRequests: number;
  /** Provider requests per second between the first and the last call of the drain. */
  achievedPerSecond: number;
  /** From the first POST /v1/invoices to the last booked_at. */
  drainSeconds: number;
  failed: number;
}

export async function rateLimitBench(ctx: BenchContext): Promise<BenchmarkResult> {
  const started = Date.now();
  const vouchers = ctx.full ? 300 : 40;
  const invoices = ctx.full ? 60 : 10;
  const db = await ctx.pg.createDatabase('ratelimit');
  const sandbox = await startSandbox('lexoffice', RPS);
  const hub = await startHub({ databaseUrl: db.url, workers: true });
  const options = { baseUrl: sandbox.url, authBaseUrl: sandbox.url, requestsPerSecond: RPS };

  const drain = async (label: string, tenant: Tenant, count: number): Promise<Drain> => {
    const template = invoiceTemplate({ customerRef: `K-${label}` });
    // The customer first: from then on it is known to lexoffice and the hub pushes it no more.
    const warm = await hub.api.submit(tenant, template(`${label}-0`));
    await waitFor(`${label}: the first document to be booked`, 60_000, async () => (await statusCounts(db.pool, [warm])).booked === 1, 100);
    await new Promise((r) => setTimeout(r, 1500)); // let both buckets fill up again
    const before = await sandbox.control.stats();
    ctx.log(`  ${label}: ${count} documents at ${RPS} requests/s`);
    const ids = await pooled(count, 4, (i) => hub.api.submit(tenant, template(`${label}-${i + 1}`)));
    const budgetMs = (count * 3 * 1000) / RPS + 60_000;
    await waitFor(`${label}: the backlog to be booked`, budgetMs, async () => {
      const c = await statusCounts(db.pool, ids);
      return (c.booked ?? 0) + (c.failed ?? 0) >= count;
    }, 250);
    const after = await sandbox.control.stats();
    return { ...(await readDrain(db.pool, ids)), sandbox429: after.rateLimited - before.rateLimited, sandboxRequests: after.requests - before.requests };
  };

  const v = await hub.api.createTenant('Rate limit: vouchers');
  await hub.api.connect(v, 'lexoffice', { apiKey: sandbox.apiKey }, options, { mode: 'voucher' });
  const voucherDrain = await drain('V', v, vouchers);
  const i = await hub.api.createTenant('Rate limit: invoices');
  await hub.api.connect(i, 'lexoffice', { apiKey: sandbox.apiKey }, options, { mode: 'invoice', invoiceStatus: 'draft' });
  const invoiceDrain = await drain('I', i, invoices);
  await hub.stop();
  await sandbox.stop();
  await db.drop();

  const b = 'ratelimit';
  const figures: Figure[] = [
    {
      benchmark: b,
      name: `achieved requests/s, ${vouchers} vouchers`,
      value: voucherDrain.achievedPerSecond,
      unit: 'req/s',
      baseline: { name: 'lexoffice limit', value: RPS },
      ratio: voucherDrain.achievedPerSecond / RPS,
    },
    {
      benchmark: b,
      name: '429s from the sandbox (vouchers)',
      value: voucherDrain.sandbox429,
      unit: '',
      baseline: { name: 'requests', value: voucherDrain.sandboxRequests },
    },
    {
      benchmark: b,
      name: 'calls per voucher with PDF',
      value: voucherDrain.calls / voucherDrain.documents,
      unit: 'calls',
      baseline: { name: 'target', value: 2 },
      ratio: voucherDrain.calls / voucherDrain.documents / 2,
    },
    {
      benchmark: b,
      name: 'vouchers booked per second',
      value: voucherDrain.documents / voucherDrain.drainSeconds,
      unit: 'docs/s',
      baseline: { name: 'limit / target calls', value: RPS / 2 },
      ratio: voucherDrain.documents / voucherDrain.drainSeconds / (RPS / 2),
    },
    {
      benchmark: b,
      name: `calls per draft invoice (${invoices})`,
      value: invoiceDrain.calls / invoiceDrain.documents,
      unit: 'calls',
      baseline: { name: 'target', value: 1 },
      ratio: invoiceDrain.calls / invoiceDrain.documents,
    },
    {
      benchmark: b,
      name: `achieved requests/s, ${invoices} invoices`,
      value: invoiceDrain.achievedPerSecond,
      unit: 'req/s',
      baseline: { name: 'lexoffice limit', value: RPS },
      ratio: invoiceDrain.achievedPerSecond / RPS,
    },
  ];
  return {
    benchmark: b,
    seconds: (Date.now() - started) / 1000,
    figures,
    details: { requestsPerSecond: RPS, size: ctx.full ? 'full' : 'quick', vouchers: voucherDrain, invoices: invoiceDrain },
  };
}

async function readDrain(pool: pg.Pool, ids: string[]): Promise<Omit<Drain, 'sandbox429' | 'sandboxRequests'>> {
  const calls = await pool.query<{ operation: string; status_code: number | null; n: string }>(
    `select coalesce(operation, '?') as operation, status_code, count(*) as n from call_log
     where invoice_id = any($1::uuid[]) group by 1, 2`,
    [ids],
  );
  const span = await pool.query<{ n: string; seconds: number }>(
    `select count(*) as n, extract(epoch from max(at) - min(at))::float8 as seconds from call_log where invoice_id = any($1::uuid[])`,
    [ids],
  );
  const drain = await pool.query<{ seconds: number; booked: string; failed: string }>(
    `select extract(epoch from max(booked_at) - min(created_at))::float8 as seconds,
            count(*) filter (where status = 'booked') as booked, count(*) filter (where status = 'failed') as failed
     from invoice where id = any($1::uuid[])`,
    [ids],
  );
  const byOperation: Record<string, number> = {};
  let calls429 = 0;
  for (const r of calls.rows) {
    byOperation[`${r.operation} ${r.status_code ?? 'none'}`] = Number(r.n);
    if (r.status_code === 429) calls429 += Number(r.n);
  }
  const n = Number(span.rows[0]!.n);
  return {
    documents: Number(drain.rows[0]!.booked),
    failed: Number(drain.rows[0]!.failed),
    calls: n,
    callsByOperation: byOperation,
    calls429,
    achievedPerSecond: (n - 1) / span.rows[0]!.seconds,
    drainSeconds: drain.rows[0]!.seconds,
  };
}
