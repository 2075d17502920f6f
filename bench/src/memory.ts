/**
 * Benchmark 5, memory: the hub process's RSS (VmRSS from /proc/<pid>/status) idle and with 10,000 invoices
 * queued. The hub runs API-only (HUB_WORKERS=false) for a tenant with a connector and autoSync on, so every
 * invoice is stored with its booking job and stays queued. A preload (servers/memory-probe.ts, measurement only)
 * reports the V8 heap after a full GC at each stage, to tell memory the hub still holds from memory it merely
 * kept. Also reads the invoice list on that tenant (GET /v1/invoices: the newest page and a status filter), which
 * pages by (created_at, id), with and without the index for it.
 */
import path from 'node:path';
import type pg from 'pg';
import { type BenchHub, startHub, statusCounts } from './lib/hub.js';
import { invoiceTemplate, numberer } from './lib/invoices.js';
import { BENCH_DIR } from './lib/processes.js';
import type { BenchmarkResult, Figure } from './lib/report.js';
import { startSandbox } from './lib/sandbox.js';
import { percentile, pooled } from './lib/stats.js';
import type { BenchContext } from './main.js';
// The hub's own column list, so that the plans shown are the list query's (a measurement tool may look inside).
import { INVOICE_COLUMNS } from '../../apps/hub/src/intake/invoice-view.js';

const QUEUED = 10_000;
const CUSTOMERS = 1000;

interface Stage {
  invoices: number;
  rssMiB: number;
  peakMiB: number;
  /** After a full GC (the probe): V8 heap in use, and RSS right after it. */
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  rssAfterGcMiB: number;
}

export async function memoryBench(ctx: BenchContext): Promise<BenchmarkResult> {
  const started = Date.now();
  const db = await ctx.pg.createDatabase('memory');
  const sandbox = await startSandbox('reference', 1000);
  const hub = await startHub({
    databaseUrl: db.url,
    workers: false,
    nodeArgs: ['--expose-gc', '--import', path.join(BENCH_DIR, 'src/servers/memory-probe.ts')],
  });
  const tenant = await hub.api.createTenant('Memory');
  await hub.api.connect(tenant, 'reference', { apiKey: sandbox.apiKey }, { baseUrl: sandbox.url }, { mode: 'invoice' });
  await sandbox.stop();

  const stage = async (invoices: number): Promise<Stage> => {
    await new Promise((r) => setTimeout(r, 2000)); // no load for a moment
    const mem = await hub.process.memory();
    const m = await hub.process.signalAndWait('SIGUSR2', /^memory-probe (.*)$/);
    const usage = JSON.parse(m[1]!) as NodeJS.MemoryUsage & { gc: boolean };
    if (!usage.gc) throw new Error('the memory probe could not run a GC (--expose-gc missing)');
    const after = await hub.process.memory();
    return {
      invoices,
      rssMiB: mib(mem.rssKiB),
      peakMiB: mib(mem.peakKiB),
      heapUsedMiB: bytesMiB(usage.heapUsed),
      heapTotalMiB: bytesMiB(usage.heapTotal),
      externalMiB: bytesMiB(usage.external),
      rssAfterGcMiB: mib(after.rssKiB),
    };
  };

  const stages: Stage[] = [await stage(0)];
  ctx.log(`  idle hub: ${stages[0]!.rssMiB} MiB RSS; queueing ${QUEUED} invoices in two halves`);
  const template = invoiceTemplate();
  const next = numberer('M');
  let k = 0;
  const t0 = performance.now();
  for (const half of [QUEUED / 2, QUEUED / 2]) {
    await pooled(half, 16, () => hub.api.submit(tenant, template(next(), `C-${++k % CUSTOMERS}`)));
    stages.push(await stage(k));
  }
  const intakeSeconds = (performance.now() - t0) / 1000 - 2 * 2;
  const counts = await statusCounts(db.pool);
  const jobs = await db.pool.query<{ n: string }>(`select count(*) as n from pgboss.job where name = 'invoice-sync' and state = 'created'`);

  const list = await listLatency(ctx, hub, tenant.apiKey, db.pool);
  await hub.stop();
  await db.drop();

  const [idle, , full] = stages as [Stage, Stage, Stage];
  const b = 'memory';
  const n = QUEUED.toLocaleString('en-US');
  const figures: Figure[] = [
    {
      benchmark: b,
      name: `hub RSS, ${n} invoices queued`,
      value: full.rssMiB,
      unit: 'MiB',
      baseline: { name: 'idle hub', value: idle.rssMiB },
      ratio: full.rssMiB / idle.rssMiB,
    },
    {
      benchmark: b,
      name: `V8 heap after GC, ${n} queued`,
      value: full.heapUsedMiB,
      unit: 'MiB',
      baseline: { name: 'idle hub', value: idle.heapUsedMiB },
      ratio: full.heapUsedMiB / idle.heapUsedMiB,
    },
    {
      benchmark: b,
      name: 'hub peak RSS (VmHWM)',
      value: full.peakMiB,
      unit: 'MiB',
      baseline: { name: 'idle hub', value: idle.rssMiB },
      ratio: full.peakMiB / idle.rssMiB,
    },
    { benchmark: b, name: `intake of ${n} (16 parallel)`, value: QUEUED / intakeSeconds, unit: 'req/s' },
    ...list.figures,
  ];
  return {
    benchmark: b,
    seconds: (Date.now() - started) / 1000,
    figures,
    details: {
      queued: QUEUED,
      customers: CUSTOMERS,
      hubWorkers: false,
      stages,
      intakeSeconds,
      invoiceStatuses: counts,
      jobsQueued: Number(jobs.rows[0]!.n),
      list: list.details,
    },
  };
}

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;
const bytesMiB = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** The indexes the list pages by (migration invoiceListIndexes), and the one they replaced, for the comparison. */
const LIST_INDEXES = ['invoice_tenant_id_created_at_id_index', 'invoice_tenant_id_status_created_at_id_index'];
const OLD_STATUS_INDEX = 'create index invoice_tenant_id_status_index on invoice (tenant_id, status)';

/**
 * GET /v1/invoices latency (p50 of 25 after 5 unmeasured) on the 10,000-invoice tenant, newest page and filtered by
 * status, with the query plans of the hub's own list query; then the same on the schema before the list indexes
 * (they are dropped and the old (tenant_id, status) index made for the comparison, then restored).
 */
async function listLatency(ctx: BenchContext, hub: BenchHub, apiKey: string, pool: pg.Pool) {
  const tenantId = (await pool.query<{ id: string }>('select id from tenant limit 1')).rows[0]!.id;
  const time = async (route: string) => {
    const ms: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      await hub.api.call('GET', route, apiKey);
      ms.push(performance.now() - t);
    }
    return percentile(ms.slice(5), 50);
  };
  // The hub's list query (apps/hub/src/intake/invoice-queries.ts), first page.
  const plan = async (status?: string) => {
    const res = await pool.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, costs off) select ${INVOICE_COLUMNS} from invoice i
       where i.tenant_id = $1 ${status ? 'and i.status = $2' : ''} order by i.created_at desc, i.id desc limit 51`,
      status ? [tenantId, status] : [tenantId],
    );
    return res.rows.map((r) => r['QUERY PLAN']);
  };
  const measureAll = async () => ({
    newest: await time('/v1/invoices?limit=50'),
    pending: await time('/v1/invoices?status=pending&limit=50'),
    plans: { newest: await plan(), pending: await plan('pending') },
  });

  const present = await pool.query<{ name: string; def: string }>(
    'select indexname as name, indexdef as def from pg_indexes where indexname = any($1::text[])',
    [LIST_INDEXES],
  );
  await pool.query('analyze invoice'); // as autovacuum would have by now: both sides plan on fresh statistics
  const current = await measureAll();
  let without: Awaited<ReturnType<typeof measureAll>> | undefined;
  if (present.rows.length === LIST_INDEXES.length) {
    ctx.log('  list: measuring again on the schema before the list indexes');
    for (const { name } of present.rows) await pool.query(`drop index ${name}`);
    await pool.query(OLD_STATUS_INDEX);
    await pool.query('analyze invoice');
    without = await measureAll();
    await pool.query('drop index invoice_tenant_id_status_index');
    for (const { def } of present.rows) await pool.query(def);
    await pool.query('analyze invoice');
  }
  const b = 'memory';
  const vs = (now: number, before: number | undefined) =>
    before === undefined ? {} : { baseline: { name: 'before the list indexes', value: before }, ratio: now / before };
  const figures: Figure[] = [
    { benchmark: b, name: 'GET /v1/invoices?limit=50 p50, 10,000 rows', value: current.newest, unit: 'ms', ...vs(current.newest, without?.newest) },
    { benchmark: b, name: 'GET /v1/invoices?status=pending p50', value: current.pending, unit: 'ms', ...vs(current.pending, without?.pending) },
  ];
  return { figures, details: { indexes: present.rows, current, without } };
}
