/**
 * `pnpm bench [--only intake,sync,ratelimit,latency,memory] [--full]`: runs the benchmarks one after another on
 * one embedded PostgreSQL, prints a table of figures beside their same-run baselines and writes
 * bench/results/latest.json. Figures, not pass/fail tests: nothing here asserts a time.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { intakeBench } from './intake.js';
import { latencyBench } from './latency.js';
import { cleanupAll } from './lib/cleanup.js';
import { type BenchPostgres, startBenchPostgres } from './lib/postgres.js';
import { BENCH_DIR, REPO_DIR } from './lib/processes.js';
import { type BenchmarkResult, type Figure, table } from './lib/report.js';
import { memoryBench } from './memory.js';
import { rateLimitBench } from './rate-limit.js';
import { syncBench } from './sync.js';

export interface BenchContext {
  pg: BenchPostgres;
  /** `--full`: the sizes of the issue (300 vouchers at 2/s, longer runs); default: the quick sizes. */
  full: boolean;
  log(message: string): void;
}

const BENCHMARKS = {
  intake: intakeBench,
  sync: syncBench,
  ratelimit: rateLimitBench,
  latency: latencyBench,
  memory: memoryBench,
} as const satisfies Record<string, (ctx: BenchContext) => Promise<BenchmarkResult>>;
type Name = keyof typeof BENCHMARKS;

/** The whole run may not take longer than this (quick: ~5 min budget; full: the 300-voucher drain alone is ~5 min). */
const LIMIT_MS = { quick: 10 * 60_000, full: 25 * 60_000 };

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      full: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    allowPositionals: false,
  });
  const names = (values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : Object.keys(BENCHMARKS)) as Name[];
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
    return 2;
  }
  const full = values.full === true && values.quick !== true;
  const size = full ? 'full' : 'quick';
  const limit = setTimeout(() => {
    console.error(`the benchmarks ran longer than ${LIMIT_MS[size] / 60_000} minutes; stopping`);
    void cleanupAll().then(() => process.exit(1));
  }, LIMIT_MS[size]);
  limit.unref();
  // A crash (an error event nobody listened to) still stops what the run started and removes its data directory.
  process.once('uncaughtException', (error) => {
    console.error('uncaught exception:', error);
    void cleanupAll().then(() => process.exit(1));
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanupAll().then(() => process.exit(130));
    });
  }

  const log = (message: string) => console.log(message);
  const runStarted = new Date();
  log(`accounting-hub benchmarks (${size}): ${names.join(', ')}`);
  log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const results: BenchmarkResult[] = [];
  const failures: { benchmark: string; error: string }[] = [];
  let pg: BenchPostgres | undefined;
  try {
    pg = await startBenchPostgres();
    log(`PostgreSQL ${pg.version} (${pg.kind})`);
    const ctx: BenchContext = { pg, full, log };
    for (const name of names) {
      log(`\n== ${name}`);
      const loadBefore = os.loadavg()[0]!;
      try {
        const result = await BENCHMARKS[name](ctx);
        const loadAfter = os.loadavg()[0]!;
        result.details = { ...result.details, loadAverage1m: { before: loadBefore, after: loadAfter } };
        results.push(result);
        log(table(result.figures));
        log(`(${result.seconds.toFixed(1)} s; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} cores)`);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push({ benchmark: name, error: message });
        console.error(`${name} failed: ${message}`);
      }
      // Whatever a failed benchmark left running goes before the next one starts, except the database server.
    }
  } finally {
    await cleanupAll();
  }

  const figures: Figure[] = results.flatMap((r) => r.figures);
  log(`\n== all figures (${size} run; absolute numbers are noisy on a shared 2-core machine: read the ratios)`);
  log(table(figures));
  const report = {
    startedAt: runStarted.toISOString(),
    finishedAt: new Date().toISOString(),
    size,
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      postgres: pg?.version,
    },
    git: gitState(),
    figures,
    details: Object.fromEntries(results.map((r) => [r.benchmark, { seconds: r.seconds, ...r.details }])),
    failures,
  };
  const out = values.out ?? path.join(BENCH_DIR, 'results/latest.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${path.relative(process.cwd(), out) || out}`);
  return failures.length > 0 ? 1 : 0;
}

/** The commit the figures belong to, and whether the work tree had changes on top of it. */
function gitState(): { head: string; dirty: boolean } | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_DIR, encoding: 'utf8' }).trim();
    return { head: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return undefined;
  }
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(error);
    await cleanupAll();
    process.exit(1);
  },
);
