import { silentLogger } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { DeferJob, defineJobs, type JobContext, JobQueue } from './queue.js';

const jobs = defineJobs({
  ping: { payload: z.object({ sentAt: z.number() }) },
  flaky: { payload: z.object({ n: z.number().int() }), queue: { retryLimit: 2, retryDelay: 0 } },
  later: { payload: z.object({ n: z.number().int() }) },
  strict: { payload: z.object({ invoiceId: z.uuid() }) },
  fair: { payload: z.object({ tenant: z.string(), n: z.number().int() }) },
});

let db: TestDatabase;
let queue: JobQueue<typeof jobs>;
beforeAll(async () => {
  db = await getTestDatabase();
  const started = performance.now();
  queue = await JobQueue.start({ url: db.url, jobs, logger: silentLogger });
  console.log(`[hub tests] pg-boss start incl. schema and ${Object.keys(jobs).length} queues: ${Math.round(performance.now() - started)} ms`);
});
afterAll(async () => {
  await queue?.stop(2000);
  await db?.drop();
});

/** Resolves with the next value pushed, or rejects after `ms`. */
function inbox<T>() {
  const items: T[] = [];
  const waiters: ((v: T) => void)[] = [];
  return {
    push(v: T) {
      const w = waiters.shift();
      if (w) w(v);
      else items.push(v);
    },
    next(ms = 5000): Promise<T> {
      const item = items.shift();
      if (item !== undefined) return Promise.resolve(item);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
        waiters.push((v) => {
          clearTimeout(timer);
          resolve(v);
        });
      });
    },
  };
}

describe('JobQueue', () => {
  it('hands a sent job to an idle worker in well under a second (LISTEN/NOTIFY)', async () => {
    const got = inbox<number>();
    await queue.work('ping', async (payload) => got.push(performance.now() - payload.sentAt));
    // The worker's first poll happens at start; measure jobs sent while it idles.
    await new Promise((r) => setTimeout(r, 300));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      await queue.enqueue('ping', { sentAt: performance.now() });
      latencies.push(await got.next(2000));
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`[hub tests] send -> worker latency (ms): ${latencies.map((l) => l.toFixed(1)).join(', ')}`);
    expect(Math.max(...latencies)).toBeLessThan(500);
  });

  it('refuses a payload that does not match the job schema when enqueuing', async () => {
    // @ts-expect-error: the payload type is checked at compile time too
    await expect(queue.enqueue('strict', { invoiceId: 42 })).rejects.toThrow();
    await expect(queue.enqueue('strict', { invoiceId: 'not-a-uuid' })).rejects.toThrow(/invoiceId|uuid/i);
  });

  it('fails a stored job with an invalid payload once, without calling the handler or retrying', async () => {
    let calls = 0;
    await queue.work('strict', async () => {
      calls++;
    });
    const id = await queue.boss.send('strict', { invoiceId: 'garbage' }, { retryLimit: 5 });
    let state: string | undefined;
    for (let i = 0; i < 50 && state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await queue.boss.findJobs('strict', { id: id! }))[0]?.state;
    }
    expect(state).toBe('failed');
    expect(calls).toBe(0);
  });

  it('retries a failed attempt and tells the handler which attempt it is', async () => {
    const attempts = inbox<JobContext['attempt']>();
    await queue.work(
      'flaky',
      async (_payload, job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error('provider down');
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await queue.enqueue('flaky', { n: 1 });
    expect([await attempts.next(), await attempts.next(), await attempts.next()]).toEqual([1, 2, 3]);
  });

  it('runs a deferred job again after the delay, without spending a retry', async () => {
    const runs = inbox<{ at: number; attempt: number; group: string | null }>();
    let deferred = false;
    await queue.work(
      'later',
      async (_payload, job) => {
        runs.push({ at: performance.now(), attempt: job.attempt, group: job.group });
        if (!deferred) {
          deferred = true;
          throw new DeferJob(600, 'bucket empty');
        }
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await queue.enqueue('later', { n: 1 }, { group: 'connection-1' });
    const first = await runs.next();
    const second = await runs.next(5000);
    expect(second.at - first.at).toBeGreaterThanOrEqual(550);
    expect(second.attempt).toBe(1);
    expect(second.group).toBe('connection-1');
  });

  it('lets other groups through while one group is blocked (localGroupConcurrency: exact in the process)', async () => {
    const started: string[] = [];
    const quickDone = inbox<string>();
    let release: () => void = () => {};
    const blocked = new Promise<void>((r) => {
      release = r;
    });
    await queue.work(
      'fair',
      async (payload) => {
        started.push(`${payload.tenant}-${payload.n}`);
        if (payload.tenant === 'slow') await blocked;
        else quickDone.push(`${payload.tenant}-${payload.n}`);
      },
      { concurrency: 3, localGroupConcurrency: 1, pollingIntervalSeconds: 0.5 },
    );
    await new Promise((r) => setTimeout(r, 200));
    // The slow tenant's jobs come first and, without the group cap, would take every slot until released.
    for (let n = 1; n <= 3; n++) await queue.enqueue('fair', { tenant: 'slow', n }, { group: 'slow' });
    await queue.enqueue('fair', { tenant: 'quick', n: 1 }, { group: 'quick' });
    await queue.enqueue('fair', { tenant: 'quick', n: 2 }, { group: 'quick' });
    expect([await quickDone.next(10_000), await quickDone.next(10_000)].sort()).toEqual(['quick-1', 'quick-2']);
    // Exact: however the workers race, the blocked group holds one slot of this process.
    expect(started.filter((s) => s.startsWith('slow'))).toHaveLength(1);
    release();
    for (let i = 0; i < 100 && started.length < 5; i++) await new Promise((r) => setTimeout(r, 100));
    expect(started.filter((s) => s.startsWith('slow')).sort()).toEqual(['slow-1', 'slow-2', 'slow-3']);
  });
});
