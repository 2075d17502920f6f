/**
 * Benchmark 2, sync throughput: 200 tenants, each with a backlog of invoices, booked end to end against a
 * Reference Books sandbox without a rate limit that matters (its own process); beside a bare loop that sends the
 * same provider requests (the reference connector's, through core's HTTP client, no database, no call log) to the
 * same sandbox with the same parallelism. The ratio is what durability, logging and state cost.
 *
 * The backlog is taken in by an API-only hub (so it is queued, not booked as it arrives); then a hub with
 * workers (defaults: WORKER_CONCURRENCY 8, one job per tenant at a time) starts on it and drains it, as after a
 * deploy or an outage.
 */
import {
  type ConnectorContext,
  computeTotals,
  createHttpClient,
  invoice as invoiceSchema,
  MemoryRateLimitStore,
  silentLogger,
} from '@accounting-hub/core';
import { connector as reference, type ReferenceCredentials, type ReferenceOptions } from '@accounting-hub/connector-reference';
import { selfCpuMs } from './lib/cpu.js';
import { dbCounters, dbDelta } from './lib/db-probes.js';
import { startHub, statusCounts, type Tenant, waitFor } from './lib/hub.js';
import { invoiceTemplate } from './lib/invoices.js';
import type { BenchmarkResult } from './lib/report.js';
import { startSandbox } from './lib/sandbox.js';
import { pooled } from './lib/stats.js';
import type { BenchContext } from './main.js';

const TENANTS = 200;
const WORKERS = 8;

export async function syncBench(ctx: BenchContext): Promise<BenchmarkResult> {
  const started = Date.now();
  const perTenant = ctx.full ? 10 : 2;
  const total = TENANTS * perTenant;
  // One customer per tenant (all tenants share the sandbox's one account): pushed once, then known.
  const templates = Array.from({ length: TENANTS }, (_, t) => invoiceTemplate({ customerRef: `C-${t}`, document: false }));
  const number = (t: number, i: number) => `S${t}-${i}`;

  const db = await ctx.pg.createDatabase('sync');
  const sandbox = await startSandbox('reference', 1_000_000);

  // 1. The backlog: 200 tenants connected to the sandbox (invoice mode, finalized), perTenant invoices each.
  ctx.log(`  intake of the backlog: ${TENANTS} tenants x ${perTenant} invoices (API-only hub)`);
  let hub = await startHub({ databaseUrl: db.url, workers: false });
  const api = hub.api;
  const tenants: Tenant[] = await pooled(TENANTS, 8, async (t) => {
    const tenant = await api.createTenant(`Sync tenant ${t}`);
    await api.connect(tenant, 'reference', { apiKey: sandbox.apiKey }, { baseUrl: sandbox.url }, { mode: 'invoice', invoiceStatus: 'finalized' });
    return tenant;
  });
  await pooled(total, 16, (k) => api.submit(tenants[k % TENANTS]!, templates[k % TENANTS]!(number(k % TENANTS, Math.floor(k / TENANTS)))));
  await hub.stop();
  await sandbox.control.reset();

  // 2. The hub drains it.
  ctx.log(`  draining ${total} invoices with a hub with workers (WORKER_CONCURRENCY ${WORKERS})`);
  const before = await dbCounters(db.pool, db.name);
  const spawned = performance.now();
  hub = await startHub({ databaseUrl: db.url, workers: true, env: { WORKER_CONCURRENCY: String(WORKERS) } });
  const cpu0 = { hub: await hub.process.cpuMs(), pg: await ctx.pg.cpuMs(), sandbox: await sandbox.process.cpuMs() };
  const timeoutMs = ctx.full ? 600_000 : 180_000;
  await waitFor('the backlog to be booked', timeoutMs, async () => {
    const c = await statusCounts(db.pool);
    return (c.booked ?? 0) + (c.failed ?? 0) >= total;
  }, 200);
  const drainWallSeconds = (performance.now() - spawned) / 1000;
  const hubCpu = {
    hub: (await hub.process.cpuMs()) - cpu0.hub,
    pg: (await ctx.pg.cpuMs()) - cpu0.pg,
    sandbox: (await sandbox.process.cpuMs()) - cpu0.sandbox,
  };
  await hub.stop();
  const delta = await dbDelta(db.pool, db.name, before);
  const counts = await statusCounts(db.pool);
  const span = await db.pool.query<{ seconds: number; calls: string }>(
    `select extract(epoch from max(booked_at) - min(booked_at))::float8 as seconds,
            (select count(*) from call_log) as calls
     from invoice where status = 'booked'`,
  );
  const hubSeconds = span.rows[0]!.seconds;
  const booked = counts.booked ?? 0;
  const hubPerSecond = (booked - 1) / hubSeconds;
  const hubCalls = (await sandbox.control.stats()).requests;
  await db.drop();

  // 3. The bare loop: the same requests, straight from this process to the sandbox. It is short (a second or
  // two), so it runs three times (sandbox reset, fresh rate-limit buckets each time) and the median counts.
  ctx.log(`  bare loop: the same ${total} bookings straight to the sandbox, ${WORKERS} in parallel, 3 times`);
  const invoices = tenants.map((_, t) =>
    Array.from({ length: perTenant }, (_, i) => invoiceSchema.parse(JSON.parse(templates[t]!(number(t, i))))),
  );
  const bareOnce = async () => {
    await sandbox.control.reset();
    const store = new MemoryRateLimitStore();
    const cpu0 = { self: selfCpuMs(), sandbox: await sandbox.process.cpuMs() };
    const t0 = performance.now();
    await pooled(TENANTS, WORKERS, async (t) => {
      const ctxFor: ConnectorContext<ReferenceCredentials, ReferenceOptions> = {
        tenant: { id: `t${t}`, name: `Sync tenant ${t}` },
        connection: {
          id: `c${t}`,
          auth: { kind: 'api_token', credentials: { apiKey: sandbox.apiKey } },
          options: { baseUrl: sandbox.url },
          state: {},
        },
        logger: silentLogger,
        http: createHttpClient({ rateLimitKey: `bare:${t}`, rateLimit: reference.manifest.rateLimit, store, secrets: [sandbox.apiKey] }),
      };
      const first = invoices[t]![0]!;
      const { customer } = await reference.upsertCustomer(ctxFor, { customer: first.customer, remote: null });
      for (const [i, inv] of invoices[t]!.entries()) {
        await reference.bookInvoice(ctxFor, {
          invoice: inv,
          customer,
          status: 'finalized',
          totals: computeTotals(inv.taxMode, inv.lines),
          reference: `hub:bare-${t}-${i}`,
        });
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    return {
      perSecond: total / seconds,
      seconds,
      sandboxRequests: (await sandbox.control.stats()).requests,
      cpuMs: { self: selfCpuMs() - cpu0.self, sandbox: (await sandbox.process.cpuMs()) - cpu0.sandbox },
    };
  };
  const bareRuns = [await bareOnce(), await bareOnce(), await bareOnce()];
  const bare = [...bareRuns].sort((a, b) => a.perSecond - b.perSecond)[1]!;
  const barePerSecond = bare.perSecond;
  const bareCpu = bare.cpuMs;
  await sandbox.stop();

  const b = 'sync';
  return {
    benchmark: b,
    seconds: (Date.now() - started) / 1000,
    figures: [
      {
        benchmark: b,
        name: `booked invoices/s (${TENANTS} tenants x ${perTenant})`,
        value: hubPerSecond,
        unit: 'docs/s',
        baseline: { name: 'bare loop to the sandbox', value: barePerSecond },
        ratio: hubPerSecond / barePerSecond,
      },
      {
        benchmark: b,
        name: 'CPU per booked invoice: hub + PostgreSQL',
        value: (hubCpu.hub + hubCpu.pg) / booked,
        unit: 'ms',
        baseline: { name: 'bare loop (client)', value: bareCpu.self / total },
        ratio: (hubCpu.hub + hubCpu.pg) / booked / (bareCpu.self / total),
        note: 'CPU time, less sensitive than wall time to other load on the machine; the sandbox is left out on both sides',
      },
      {
        benchmark: b,
        name: 'database commits per booked invoice',
        value: delta.commits / booked,
        unit: 'commits',
        note: 'pg_stat_database xact_commit delta over the drain (includes pg-boss and the call log)',
      },
      {
        benchmark: b,
        name: 'WAL per booked invoice',
        value: delta.walBytes / booked / 1024,
        unit: 'KiB',
      },
    ],
    details: {
      tenants: TENANTS,
      invoicesPerTenant: perTenant,
      total,
      workerConcurrency: WORKERS,
      tenantConcurrency: 1,
      statuses: counts,
      hub: { perSecond: hubPerSecond, bookedSpanSeconds: hubSeconds, wallSecondsFromSpawn: drainWallSeconds, sandboxRequests: hubCalls, callLogRows: Number(span.rows[0]!.calls), ...delta, cpuMs: hubCpu },
      bare: { median: bare, runs: bareRuns },
    },
  };
}
