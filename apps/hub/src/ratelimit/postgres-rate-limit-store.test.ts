import { silentLogger } from '@accounting-hub/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database.js';
import { getTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { PostgresRateLimitStore } from './postgres-rate-limit-store.js';

let db: TestDatabase;
let poolA: pg.Pool;
let poolB: pg.Pool;
let storeA: PostgresRateLimitStore;
let storeB: PostgresRateLimitStore;
let n = 0;
const key = () => `connection:${++n}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await getTestDatabase();
  await (await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' }, silentLogger)).close();
  // Two pools stand for two hub processes.
  poolA = new pg.Pool({ connectionString: db.url, max: 4 });
  poolB = new pg.Pool({ connectionString: db.url, max: 4 });
  for (const pool of [poolA, poolB]) pool.on('error', () => undefined);
  storeA = new PostgresRateLimitStore(poolA);
  storeB = new PostgresRateLimitStore(poolB);
});
afterAll(async () => {
  await poolA?.end();
  await poolB?.end();
  await db?.drop();
});

describe('PostgresRateLimitStore', () => {
  it('starts a bucket full, grants up to its capacity, then says how long to wait', async () => {
    const k = key();
    const bucket = { capacity: 3, refillPerSecond: 2 };
    for (let i = 0; i < 3; i++) expect(await storeA.take(k, 1, bucket)).toEqual({ granted: true });
    const refused = await storeA.take(k, 1, bucket);
    expect(refused.granted).toBe(false);
    if (!refused.granted) {
      expect(refused.waitMs).toBeGreaterThan(300);
      expect(refused.waitMs).toBeLessThanOrEqual(500);
      await sleep(refused.waitMs + 20);
    }
    expect(await storeB.take(k, 1, bucket)).toEqual({ granted: true });
  });

  it('keeps buckets of different keys apart', async () => {
    const bucket = { capacity: 1, refillPerSecond: 0.1 };
    const [a, b] = [key(), key()];
    expect(await storeA.take(a, 1, bucket)).toEqual({ granted: true });
    expect((await storeA.take(a, 1, bucket)).granted).toBe(false);
    expect(await storeA.take(b, 1, bucket)).toEqual({ granted: true });
  });

  it('never grants more than capacity + rate x elapsed to two processes draining one bucket', async () => {
    const k = key();
    const bucket = { capacity: 5, refillPerSecond: 20 };
    let granted = 0;
    const started = performance.now();
    const until = started + 1200;
    const worker = async (store: PostgresRateLimitStore) => {
      while (performance.now() < until) {
        const result = await store.take(k, 1, bucket);
        if (result.granted) granted++;
        else await sleep(Math.min(result.waitMs, 15));
      }
    };
    await Promise.all([storeA, storeA, storeA, storeA, storeB, storeB, storeB, storeB].map(worker));
    const elapsedSeconds = (performance.now() - started) / 1000;
    const limit = bucket.capacity + bucket.refillPerSecond * elapsedSeconds;
    expect(granted).toBeLessThanOrEqual(Math.floor(limit));
    // And the bucket was really used, not starved by the contention: most of the budget went out.
    expect(granted).toBeGreaterThanOrEqual(Math.floor(0.75 * (bucket.capacity + bucket.refillPerSecond * 1.2)));
  });

  it('holds every process back after a pause (a 429), then refills', async () => {
    const k = key();
    const bucket = { capacity: 10, refillPerSecond: 100 };
    expect(await storeA.take(k, 1, bucket)).toEqual({ granted: true });
    await storeA.pause(k, 300, bucket);
    const refused = await storeB.take(k, 1, bucket);
    expect(refused.granted).toBe(false);
    if (!refused.granted) expect(refused.waitMs).toBeGreaterThanOrEqual(250);
    await sleep(250);
    expect((await storeB.take(k, 1, bucket)).granted).toBe(false);
    await sleep(150);
    expect(await storeB.take(k, 1, bucket)).toEqual({ granted: true });
  });

  it('never shortens a longer pause', async () => {
    const k = key();
    const bucket = { capacity: 10, refillPerSecond: 100 };
    await storeA.pause(k, 1000, bucket);
    await storeB.pause(k, 10, bucket);
    await sleep(50);
    const refused = await storeA.take(k, 1, bucket);
    expect(refused.granted).toBe(false);
    if (!refused.granted) expect(refused.waitMs).toBeGreaterThan(800);
  });

  it('lets a call costlier than the bucket through on a full bucket and makes later calls pay the debt', async () => {
    const k = key();
    const bucket = { capacity: 2, refillPerSecond: 10 };
    expect(await storeA.take(k, 5, bucket)).toEqual({ granted: true });
    const refused = await storeA.take(k, 1, bucket);
    expect(refused.granted).toBe(false);
    // Debt of 3 tokens, plus the one wanted: about 400 ms at 10 per second.
    if (!refused.granted) expect(refused.waitMs).toBeGreaterThan(300);
  });

  it('refuses nonsense buckets', async () => {
    await expect(storeA.take(key(), 1, { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(RangeError);
    await expect(storeA.take(key(), 1, { capacity: 1, refillPerSecond: 0 })).rejects.toThrow(RangeError);
  });
});
