/**
 * Benchmark 4, latency to booked: from the 202 of POST /v1/invoices to `booked`, read from the database as
 * booked_at - created_at (both the database's clock), at a steady arrival rate well below capacity, with the
 * Reference Books sandbox answering at once and with 50 ms added to every request (the testkit's latency fault).
 * Known customers, invoice mode: one provider call per invoice.
 */
import { addLatency, startSandbox } from './lib/sandbox.js';
import { startHub, statusCounts, type Tenant, waitFor } from './lib/hub.js';
import { invoiceTemplate } from './lib/invoices.js';
import type { BenchmarkResult, Figure } from './lib/report.js';
import { mean, percentile } from './lib/stats.js';
import type { BenchContext } from './main.js';

const TENANTS = 4;

export async function latencyBench(ctx: BenchContext): Promise<BenchmarkResult> {
  const started = Date.now();
  const count = ctx.full ? 300 : 60;
  const perSecond = 10;
  const db = await ctx.pg.createDatabase('latency');
  const sandbox = await startSandbox('reference', 1_000_000);
  const hub = await startHub({ databaseUrl: db.url, workers: true });
  const tenants: Tenant[] = [];
  const templates: ((n: string) => string)[] = [];
  for (let t = 0; t < TENANTS; t++) {
    const tenant = await hub.api.createTenant(`Latency tenant ${t}`);
    await hub.api.connect(tenant, 'reference', { apiKey: sandbox.apiKey }, { baseUrl: sandbox.url }, { mode: 'invoice', invoiceStatus: 'finalized' });
    tenants.push(tenant);
    templates.push(invoiceTemplate({ customerRef: `L-${t}` }));
  }
  // Warm-up: each tenant's customer is pushed once (afterwards every booking is one call), and the booking path
  // runs a few times before anything is measured.
  const warm: string[] = [];
  for (let k = 0; k < 5 * TENANTS; k++) {
    warm.push(await hub.api.submit(tenants[k % TENANTS]!, templates[k % TENANTS]!(`W-${k}`)));
    await new Promise((r) => setTimeout(r, 50));
  }
  await waitFor('the warm-up invoices', 60_000, async () => (await statusCounts(db.pool, warm)).booked === warm.length);

  const measure = async (latencyMs: number) => {
    await addLatency(sandbox.control, latencyMs);
    ctx.log(`  sandbox latency ${latencyMs} ms: ${count} invoices at ${perSecond}/s over ${TENANTS} tenants`);
    const ids: Promise<string>[] = [];
    const t0 = performance.now();
    for (let k = 0; k < count; k++) {
      const due = t0 + (k * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t = k % TENANTS;
      ids.push(hub.api.submit(tenants[t]!, templates[t]!(`L${latencyMs}-${k}`)));
    }
    const done = await Promise.all(ids);
    await waitFor(`invoices at ${latencyMs} ms latency`, 120_000, async () => {
      const c = await statusCounts(db.pool, done);
      return (c.booked ?? 0) + (c.failed ?? 0) >= count;
    });
    const res = await db.pool.query<{ ms: number }>(
      `select extract(epoch from booked_at - created_at)::float8 * 1000 as ms from invoice where id = any($1::uuid[]) and status = 'booked'`,
      [done],
    );
    const ms = res.rows.map((r) => r.ms);
    return { latencyMs, booked: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms), mean: mean(ms) };
  };

  const zero = await measure(0);
  const fifty = await measure(50);
  await hub.stop();
  await sandbox.stop();
  await db.drop();

  const b = 'latency';
  const figures: Figure[] = [
    { benchmark: b, name: '202 -> booked p50, sandbox 0 ms', value: zero.p50, unit: 'ms' },
    { benchmark: b, name: '202 -> booked p95, sandbox 0 ms', value: zero.p95, unit: 'ms' },
    {
      benchmark: b,
      name: '202 -> booked p50, sandbox 50 ms',
      value: fifty.p50,
      unit: 'ms',
      baseline: { name: 'sandbox 0 ms', value: zero.p50 },
      ratio: fifty.p50 / zero.p50,
    },
    {
      benchmark: b,
      name: '202 -> booked p95, sandbox 50 ms',
      value: fifty.p95,
      unit: 'ms',
      baseline: { name: 'sandbox 0 ms', value: zero.p95 },
      ratio: fifty.p95 / zero.p95,
    },
  ];
  return { benchmark: b, seconds: (Date.now() - started) / 1000, figures, details: { count, perSecond, tenants: TENANTS, runs: [zero, fifty] } };
}
