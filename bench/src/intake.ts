/**
 * Benchmark 1, intake: sustained POST /v1/invoices per second and latency under a closed loop (16 keep-alive
 * connections, autocannon), beside an empty Fastify route on the same machine in the same run.
 *
 * The hub runs as an API-only process (HUB_WORKERS=false), so that nothing but intake competes for the two
 * cores; the booking job is still written (the tenant has a connector and autoSync on), in the same transaction
 * as the invoice, its customer and its PDF. Every request carries a new invoice number. Variants:
 * - `1,000 customers`: the invoices name customers from a pool of 1,000 refs, as a tenant's invoices do;
 * - `one customer`: every invoice names the same customer, which the intake upserts: the hot-row case;
 * - `no job`: a tenant without a connector, so no job is written (what the job costs).
 * Beside them PostgreSQL's own commit rate on this disk, with and without a pg_notify per transaction (pg-boss
 * notifies in the sending transaction), and the wait events of the hub's database sessions during each run.
 */
import path from 'node:path';
import { startHub } from './lib/hub.js';
import { invoiceTemplate } from './lib/invoices.js';
import { closedLoop, type LoadResult } from './lib/load.js';
import { commitRate, sampleWaits } from './lib/pg-probes.js';
import { BENCH_DIR, startChild } from './lib/processes.js';
import type { BenchmarkResult, Figure } from './lib/report.js';
import { startSandbox } from './lib/sandbox.js';
import type { BenchContext } from './main.js';

const CONNECTIONS = 16;
const CUSTOMERS = 1000;

export async function intakeBench(ctx: BenchContext): Promise<BenchmarkResult> {
  const started = Date.now();
  const seconds = ctx.full ? 20 : 5;
  const warmupSeconds = ctx.full ? 3 : 1.5;
  const template = invoiceTemplate();
  const bodyBytes = Buffer.byteLength(template('RE-000001', 'C-1'));

  type Run = LoadResult & { cpuMsPerRequest: number; postgresCpuMsPerRequest: number };
  const run = async (label: string, url: string, token: string, cpuMs: () => Promise<number>, hotCustomer = false): Promise<Run> => {
    let n = 0;
    const prefix = `${label}-${Date.now()}`;
    const body = () => {
      n++;
      return template(`${prefix}-${n}`, hotCustomer ? 'HOT' : `C-${n % CUSTOMERS}`);
    };
    const base = { url, path: '/v1/invoices', headers: { authorization: `Bearer ${token}` }, body, connections: CONNECTIONS };
    ctx.log(`  ${label}: ${warmupSeconds} s warm-up, then ${seconds} s with ${CONNECTIONS} connections`);
    await closedLoop({ ...base, seconds: warmupSeconds });
    const cpu0 = await cpuMs();
    const pg0 = await ctx.pg.cpuMs();
    const load = await closedLoop({ ...base, seconds });
    if (load.non2xx > 0 || load.errors > 0) {
      throw new Error(`${label}: ${load.non2xx} non-2xx answers and ${load.errors} errors of ${load.answered}`);
    }
    return {
      ...load,
      cpuMsPerRequest: ((await cpuMs()) - cpu0) / load.answered,
      postgresCpuMsPerRequest: ((await ctx.pg.cpuMs()) - pg0) / load.answered,
    };
  };

  // Baseline: the empty route, its own process, the same bodies, the same load generator.
  const empty = await startChild('empty fastify', path.join(BENCH_DIR, 'src/servers/empty.ts'), {}, /empty server ready on (\S+)/);
  const baseline = await run('empty', empty.match[1]!, 'none', () => empty.cpuMs());
  await empty.stop();

  const db = await ctx.pg.createDatabase('intake');
  const sandbox = await startSandbox('reference', 1000);
  const hub = await startHub({ databaseUrl: db.url, workers: false });
  const withJob = await hub.api.createTenant('Intake with job');
  await hub.api.connect(withJob, 'reference', { apiKey: sandbox.apiKey }, { baseUrl: sandbox.url }, { mode: 'invoice' });
  const noJob = await hub.api.createTenant('Intake without job');
  await sandbox.stop();
  const hubCpu = () => hub.process.cpuMs();

  const sampled = async (label: string, token: string, hot = false) => {
    const waits = sampleWaits(db.url, db.name);
    const result = await run(label, hub.url, token, hubCpu, hot);
    return { ...result, waits: await waits.stop() };
  };
  const main = await sampled('hub', withJob.apiKey);
  const hot = await sampled('hub-one-customer', withJob.apiKey, true);
  const bare = await sampled('hub-no-job', noJob.apiKey);
  const jobs = await db.pool.query<{ n: string }>(`select count(*) as n from pgboss.job where name = 'invoice-sync'`);
  const stored = await db.pool.query<{ n: string }>('select count(*) as n from invoice');
  await hub.stop();

  // The floor under intake: PostgreSQL's own commit rate on this disk, with and without a NOTIFY per commit.
  const probe = { clients: CONNECTIONS, seconds: ctx.full ? 8 : 3, rowBytes: bodyBytes };
  ctx.log(`  PostgreSQL commit rate: ${probe.clients} clients, ${probe.seconds} s, with and without pg_notify`);
  const commits = await commitRate(db.url, { ...probe, notify: false });
  const commitsNotify = await commitRate(db.url, { ...probe, notify: true });
  await db.drop();

  const b = 'intake';
  const vsEmpty = (name: string, value: number, unit: string, base: number, note?: string): Figure => ({
    benchmark: b,
    name,
    value,
    unit,
    baseline: { name: 'empty Fastify route', value: base },
    // autocannon counts latency in whole milliseconds: the empty route's p50 can be 0.
    ...(base > 0 ? { ratio: value / base } : {}),
    ...(note ? { note } : {}),
  });
  const vsMain = (name: string, value: number, unit: string, base: number): Figure => ({
    benchmark: b,
    name,
    value,
    unit,
    baseline: { name: 'hub, 1,000 customers', value: base },
    ratio: value / base,
  });
  return {
    benchmark: b,
    seconds: (Date.now() - started) / 1000,
    figures: [
      vsEmpty('POST /v1/invoices, job enqueued', main.perSecond, 'req/s', baseline.perSecond),
      vsEmpty('p50 latency', main.p50, 'ms', baseline.p50),
      vsEmpty('p99 latency', main.p99, 'ms', baseline.p99),
      vsEmpty('server CPU per request', main.cpuMsPerRequest, 'ms', baseline.cpuMsPerRequest, 'the hub process only; PostgreSQL CPU per request is in the details'),
      vsMain('POST /v1/invoices, one customer (hot row)', hot.perSecond, 'req/s', main.perSecond),
      vsMain('p50 latency, one customer', hot.p50, 'ms', main.p50),
      vsMain('POST /v1/invoices, no connector (no job)', bare.perSecond, 'req/s', main.perSecond),
      vsMain('p50 latency, no job', bare.p50, 'ms', main.p50),
      {
        benchmark: b,
        name: 'PostgreSQL commits/s, insert + pg_notify',
        value: commitsNotify,
        unit: 'tx/s',
        baseline: { name: 'insert only', value: commits },
        ratio: commitsNotify / commits,
      },
    ],
    details: {
      connections: CONNECTIONS,
      customers: CUSTOMERS,
      runSeconds: seconds,
      warmupSeconds,
      bodyBytes,
      hubWorkers: false,
      baseline,
      withJob: main,
      withJobOneCustomer: hot,
      withoutJob: bare,
      postgresCommitsPerSecond: { plain: commits, withNotify: commitsNotify, ...probe },
      invoicesStored: Number(stored.rows[0]!.n),
      jobsQueued: Number(jobs.rows[0]!.n),
    },
  };
}
