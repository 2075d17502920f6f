import type { Logger } from '@accounting-hub/core';
import { type JobResult, type JobWithMetadata, PgBoss, type WorkOptions as PgWorkOptions, type Queue, type SendOptions } from 'pg-boss';
import type { z } from 'zod';

/*
 * Fairness and rate limits with pg-boss 12 (what the sync engine should build on; see JobQueue.work/enqueue).
 *
 * Findings in pg-boss 12.35:
 * - `send(name, data, { group: { id, tier? } })` tags a job with a group; `work(name, { groupConcurrency: n })`
 *   caps the ACTIVE jobs per group across every process (counted in the job table inside the fetch query:
 *   `(j.group_id IS NULL OR active_count(group) < n)`), so jobs of a busy group are skipped, not waited for:
 *   the fetch takes the next job of another group (no head-of-line blocking). `localGroupConcurrency` does the
 *   same per process only (no coordination), tiers allow different caps per class of group.
 *   The cap is SOFT: it is counted from the fetch statement's snapshot, so two fetches racing (several workers
 *   woken by one NOTIFY, two processes) can both admit a job of the same group. Measured: 2 active with a cap
 *   of 1 under 2 processes x 4 workers. Good for fairness; not a mutex. Anything that must not run twice at
 *   once (an OAuth refresh, one invoice's booking) needs its own row lock / conditional UPDATE.
 * - Queue policies: `singleton`/`stately`/`exclusive` dedupe or serialise per `singletonKey`; `key_strict_fifo`
 *   gives FIFO per key, but a job in retry or failed blocks every later job of its key until it is dealt with,
 *   which would freeze a whole connection on one bad invoice: not what we want.
 * - `startAfter` defers a job; `priority` orders within the queue (fetch orders by priority desc, created_on).
 * - `expireInSeconds` bounds how long a job may stay active: a process that dies holding a job frees its group
 *   slot at the latest then (the job is retried).
 *
 * Proposal:
 * 1. One queue per job type (e.g. `invoice-sync`, `invoice-cancel`), policy `stately` with
 *    `singletonKey = invoice id` (one queued + one active per invoice: duplicates from the API, the sweep and a
 *    deferral collapse), `notify: true`, and `group = tenant id` on every job (a tenant books through one tool at a time).
 * 2. Workers: `concurrency = WORKER_CONCURRENCY` per process and `groupConcurrency = 1` (or 2): one connection
 *    never holds more than one worker slot in the whole hub, so a slow, rate-limited or hanging tenant delays
 *    only itself; everybody else's jobs are fetched past it. Keep `expireInSeconds` small (e.g. 120 s, above the
 *    HTTP timeout times the calls of one job) so that a hung job gives its slot back.
 * 3. Rate limit: every provider call takes a token from PostgresRateLimitStore (one bucket per connection, shared
 *    by all processes). A short wait (<= ~1-2 s) is slept in the slot. A longer one (a 429 with Retry-After, an
 *    empty bucket after a burst) must not park the slot: the handler throws `new DeferJob(waitMs)`, which
 *    re-sends the same payload (same group, key and priority) with `startAfter = now + waitMs` and completes
 *    the current job without spending one of its retries. The core HttpClient does this half already: built
 *    with `store: rateLimitStore` and `maxRateLimitWaitMs` (e.g. 2000), it throws ConnectorError `rate_limited`
 *    with `retryAfterMs` instead of sleeping longer (and for a 429 whose Retry-After exceeds its backoff
 *    ceiling); the sync handler maps that to `new DeferJob(error.retryAfterMs)`.
 * 4. Bulk work (backfill) is sent with a lower `priority` than fresh invoices, so it fills idle capacity only.
 * 5. Attempts that count (transient/uncertain failures) live on the invoice row (`attempts`, `nextAttemptAt`); the
 *    node-cron sweep re-queues what is due, so a lost or expired job is never the only record of pending work.
 */

/** A job type: its payload schema (validated on enqueue and again when worked) and its queue's settings. */
export interface JobSpec<S extends z.ZodType = z.ZodType> {
  payload: S;
  /** pg-boss queue settings: retries, backoff, expiry, retention, policy, dead letter queue. */
  queue?: Omit<Queue, 'name' | 'notify'>;
}

export type JobCatalog = Record<string, JobSpec>;

/** Helps inference: `const jobs = defineJobs({ 'invoice-sync': { payload: z.object({ invoiceId: z.uuid() }) } })`. */
export function defineJobs<const C extends JobCatalog>(catalog: C): C {
  for (const name of Object.keys(catalog)) {
    if (!/^[\w.\-/]+$/.test(name)) throw new Error(`job name "${name}" may hold letters, digits, _ . - / only`);
  }
  return catalog;
}

export type JobName<C extends JobCatalog> = keyof C & string;
export type JobPayloadIn<C extends JobCatalog, N extends JobName<C>> = z.input<C[N]['payload']>;
export type JobPayload<C extends JobCatalog, N extends JobName<C>> = z.output<C[N]['payload']>;

export interface EnqueueOptions {
  /** Fairness group, normally the connection id: see WorkOptions.groupConcurrency. */
  group?: string;
  /** Dedupe/serialise key (its meaning depends on the queue policy), e.g. the invoice id. */
  singletonKey?: string;
  /** Not before this instant. */
  startAfter?: Date;
  /** Not before this many milliseconds from now (ignored when startAfter is given). */
  delayMs?: number;
  /** Higher runs first (default 0). */
  priority?: number;
  /** Overrides the queue's retry limit for this job. */
  retryLimit?: number;
  /**
   * Writes the job through the caller's open transaction, so it commits (or rolls back) with the rows that
   * need it: an invoice is never stored without its job, nor a job sent for an invoice that was not stored.
   */
  db?: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
}

export interface WorkOptions {
  /** Parallel jobs of this queue in this process (default 1). */
  concurrency?: number;
  /**
   * Active jobs per group across ALL processes (database-counted). Soft: counted in each fetch's snapshot, so
   * workers racing on one NOTIFY may admit more. Leave unset for no per-group cap.
   */
  groupConcurrency?: number;
  /**
   * Active jobs per group in THIS process, exact (excess jobs are put back at once). Cannot be combined with
   * groupConcurrency.
   */
  localGroupConcurrency?: number;
  /**
   * How often each worker polls besides being woken by NOTIFY (default 2 s, minimum 0.5). NOTIFY fires only for
   * jobs that are due when sent, so this bounds how late a deferred or retried job starts.
   */
  pollingIntervalSeconds?: number;
}

export interface JobContext {
  id: string;
  name: string;
  /** 1 for the first run, 2 for the first retry, ... */
  attempt: number;
  maxAttempts: number;
  group: string | null;
  singletonKey: string | null;
  /** Aborted when the job expires or the queue stops. */
  signal: AbortSignal;
  logger: Logger;
}

export type JobHandler<P> = (payload: P, job: JobContext) => Promise<void>;

/**
 * Thrown by a handler that cannot proceed yet (rate limit exhausted, connection paused): the job is sent again to
 * start after `delayMs` and this run counts as done, not failed, so no retry is spent and no worker slot waits.
 */
export class DeferJob extends Error {
  readonly delayMs: number;

  constructor(delayMs: number, reason = 'deferred') {
    super(reason);
    this.name = 'DeferJob';
    this.delayMs = Math.max(0, Math.ceil(delayMs));
  }
}

export interface StartQueueOptions<C extends JobCatalog> {
  url: string;
  jobs: C;
  logger: Logger;
  /** The pg-boss schema (default `pgboss`). */
  schema?: string;
  /** Connections of pg-boss's own pool (default 10). */
  poolMax?: number;
}

/**
 * pg-boss on the hub's database (its own schema), with LISTEN/NOTIFY so that a sent job reaches an idle worker in
 * milliseconds instead of a polling interval. Typed by a job catalog: names and payloads are checked at compile
 * time and payloads again by zod on both ends.
 */
export class JobQueue<C extends JobCatalog> {
  readonly #boss: PgBoss;
  readonly #jobs: C;
  readonly #logger: Logger;
  #stopped = false;

  private constructor(boss: PgBoss, jobs: C, logger: Logger) {
    this.#boss = boss;
    this.#jobs = jobs;
    this.#logger = logger;
  }

  static async start<C extends JobCatalog>(options: StartQueueOptions<C>): Promise<JobQueue<C>> {
    const logger = options.logger.child({ component: 'jobs' });
    const boss = new PgBoss({
      connectionString: options.url,
      schema: options.schema ?? 'pgboss',
      max: options.poolMax ?? 10,
      useListenNotify: true,
      application_name: 'accounting-hub-jobs',
      // Jobs of a crashed process are failed (and retried) by the monitor once their heartbeat stops: checking
      // every 10 s instead of every minute gets a killed worker's tenant going again within seconds.
      superviseIntervalSeconds: 10,
      monitorIntervalSeconds: 10,
    });
    boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
    boss.on('warning', (warning) => logger.warn({ data: warning.data }, `job queue: ${warning.message}`));
    await boss.start();
    try {
      for (const [name, spec] of Object.entries(options.jobs)) {
        await boss.createQueue(name, { ...spec.queue, notify: true });
        // createQueue leaves an existing queue alone: bring changed settings in on later starts.
        const { policy: _p, partition: _pa, deadLetter: _d, retryDelayMax: _r, heartbeatSeconds: _h, ...mutable } = spec.queue ?? {};
        await boss.updateQueue(name, { ...mutable, notify: true });
      }
    } catch (error) {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
      throw error;
    }
    return new JobQueue(boss, options.jobs, logger);
  }

  /** The underlying pg-boss, for what this wrapper does not cover (schedules, queue stats). */
  get boss(): PgBoss {
    return this.#boss;
  }

  /** Validates the payload and sends the job. Resolves with its id, or null when the queue's policy deduped it. */
  async enqueue<N extends JobName<C>>(name: N, payload: JobPayloadIn<C, N>, options: EnqueueOptions = {}): Promise<string | null> {
    const data = this.#spec(name).payload.parse(payload) as object;
    return this.#boss.send(name, data, sendOptions(options));
  }

  /**
   * Starts workers for a queue. The handler gets the validated payload; it resolves to complete the job, throws
   * DeferJob to run it again later without spending a retry, and throws anything else to fail this attempt
   * (pg-boss retries per the queue's settings). A payload that does not validate fails at once, without retries.
   */
  async work<N extends JobName<C>>(name: N, handler: JobHandler<JobPayload<C, N>>, options: WorkOptions = {}): Promise<string[]> {
    const schema = this.#spec(name).payload;
    const logger = this.#logger.child({ queue: name });
    type Options = PgWorkOptions & { includeMetadata: true; perJobResults: true };
    // One pg-boss worker per slot, each woken by itself after a job: pg-boss skips its polling sleep only for a
    // notified worker, so a busy worker would otherwise rest a whole interval between jobs and a backlog would
    // drain at `concurrency` jobs per interval whatever the tool's speed (measured: 8/s instead of 139/s).
    // localGroupConcurrency is tracked per queue name in the process, so the per-group cap spans all slots.
    const ids: string[] = [];
    for (let slot = 0; slot < (options.concurrency ?? 1); slot++) {
      let self = '';
      self = await this.#boss.work<object, unknown, Options>(
        name,
        {
          includeMetadata: true,
          perJobResults: true,
          batchSize: 1,
          localConcurrency: 1,
          ...(options.groupConcurrency === undefined ? {} : { groupConcurrency: options.groupConcurrency }),
          ...(options.localGroupConcurrency === undefined ? {} : { localGroupConcurrency: 1 }),
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
          notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        },
        async (jobs: JobWithMetadata<object>[]): Promise<JobResult[]> => {
          const results: JobResult[] = [];
          for (const job of jobs) results.push(await this.#run(name, job, schema, handler, logger));
          if (jobs.length > 0) this.#boss.notifyWorker(self);
          return results;
        },
      );
      ids.push(self);
    }
    return ids;
  }

  async #run<N extends JobName<C>>(
    name: N,
    job: JobWithMetadata<object>,
    schema: z.ZodType,
    handler: JobHandler<JobPayload<C, N>>,
    queueLogger: Logger,
  ): Promise<JobResult> {
    const logger = queueLogger.child({ jobId: job.id, attempt: job.retryCount + 1 });
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      logger.error({ issues: parsed.error.issues }, 'job payload does not validate; failing it without retries');
      return { id: job.id, status: 'deadletter', output: { error: 'invalid payload', issues: parsed.error.issues } };
    }
    const context: JobContext = {
      id: job.id,
      name,
      attempt: job.retryCount + 1,
      maxAttempts: job.retryLimit + 1,
      group: job.groupId ?? null,
      singletonKey: job.singletonKey,
      signal: job.signal,
      logger,
    };
    try {
      await handler(parsed.data as JobPayload<C, N>, context);
      return { id: job.id, status: 'completed' };
    } catch (error) {
      if (error instanceof DeferJob) {
        // Send the successor first: if this process dies in between, the job is at worst done twice, never lost.
        const next = await this.#boss.send(name, job.data, {
          ...(job.groupId ? { group: { id: job.groupId, ...(job.groupTier ? { tier: job.groupTier } : {}) } } : {}),
          ...(job.singletonKey ? { singletonKey: job.singletonKey } : {}),
          priority: job.priority,
          startAfter: new Date(Date.now() + error.delayMs),
        });
        logger.debug({ delayMs: error.delayMs, next, reason: error.message }, 'job deferred');
        return { id: job.id, status: 'completed', output: { deferred: error.delayMs, next, reason: error.message } };
      }
      logger.warn({ err: error }, 'job failed');
      return { id: job.id, status: 'failed', output: { error: error instanceof Error ? error.message : String(error) } };
    }
  }

  #spec(name: string): JobSpec {
    const spec = this.#jobs[name];
    if (!spec) throw new Error(`unknown job "${name}"`);
    return spec;
  }

  /** Stops fetching, waits up to `timeoutMs` for running jobs, and closes pg-boss's pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#boss.stop({ graceful: true, close: true, timeout: timeoutMs });
  }
}

function sendOptions(options: EnqueueOptions): SendOptions {
  const startAfter = options.startAfter ?? (options.delayMs ? new Date(Date.now() + options.delayMs) : undefined);
  return {
    ...(options.group ? { group: { id: options.group } } : {}),
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(startAfter ? { startAfter } : {}),
    ...(options.priority === undefined ? {} : { priority: options.priority }),
    ...(options.retryLimit === undefined ? {} : { retryLimit: options.retryLimit }),
    ...(options.db ? { db: options.db } : {}),
  };
}
