import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from './memory-rate-limit-store.js';

function clockedStore() {
  const clock = { now: 1_000_000 };
  const store = new MemoryRateLimitStore({ now: () => clock.now });
  return { clock, store };
}

const twoPerSecond = { capacity: 2, refillPerSecond: 2 };

describe('MemoryRateLimitStore', () => {
  it('starts with a full bucket and grants up to its capacity at once', async () => {
    const { store } = clockedStore();
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: true });
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: true });
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 500 });
  });

  it('refills continuously rather than in whole-token steps', async () => {
    const { clock, store } = clockedStore();
    await store.take('k', 2, twoPerSecond);
    clock.now += 250; // half a token back
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 250 });
    clock.now += 250;
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: true });
  });

  it('never refills beyond capacity however long the bucket sat idle', async () => {
    const { clock, store } = clockedStore();
    await store.take('k', 2, twoPerSecond);
    clock.now += 60_000;
    expect(await store.take('k', 2, twoPerSecond)).toEqual({ granted: true });
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 500 });
  });

  it('tells the wait for a multi-token cost from the tokens still missing', async () => {
    const { clock, store } = clockedStore();
    const bucket = { capacity: 10, refillPerSecond: 4 };
    await store.take('k', 10, bucket);
    clock.now += 500; // 2 tokens back
    expect(await store.take('k', 5, bucket)).toEqual({ granted: false, waitMs: 750 });
  });

  it('a refused take does not consume tokens', async () => {
    const { clock, store } = clockedStore();
    await store.take('k', 2, twoPerSecond);
    await store.take('k', 1, twoPerSecond);
    await store.take('k', 1, twoPerSecond);
    clock.now += 500;
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: true });
  });

  it('pause empties the bucket and blocks refill until it ends', async () => {
    const { clock, store } = clockedStore();
    await store.pause('k', 3000, twoPerSecond);
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 3500 });
    clock.now += 2000;
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 1500 });
    clock.now += 1000; // pause over, refill starts only now
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 500 });
    clock.now += 500;
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: true });
  });

  it('a shorter pause does not cut a longer one short', async () => {
    const { store } = clockedStore();
    await store.pause('k', 5000, twoPerSecond);
    await store.pause('k', 1000, twoPerSecond);
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 5500 });
  });

  it('keeps one bucket per key', async () => {
    const { store } = clockedStore();
    await store.take('a', 2, twoPerSecond);
    await store.pause('a', 10_000, twoPerSecond);
    expect(await store.take('b', 2, twoPerSecond)).toEqual({ granted: true });
  });

  it('lets a cost above capacity through on a full bucket and makes later calls pay the debt', async () => {
    const { clock, store } = clockedStore();
    expect(await store.take('k', 5, twoPerSecond)).toEqual({ granted: true });
    // 2 - 5 = -3 tokens: 1 token needs 4 tokens of refill, 2 s at 2/s.
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 2000 });
    clock.now += 2000;
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: true });
  });

  it('does not mint tokens when the clock steps back', async () => {
    const { clock, store } = clockedStore();
    await store.take('k', 2, twoPerSecond);
    clock.now -= 10_000;
    await store.take('k', 1, twoPerSecond);
    clock.now += 10_000;
    expect(await store.take('k', 1, twoPerSecond)).toEqual({ granted: false, waitMs: 500 });
  });

  it('rejects a bucket that could never grant anything', async () => {
    const { store } = clockedStore();
    await expect(store.take('k', 1, { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(RangeError);
    await expect(store.take('k', 1, { capacity: 1, refillPerSecond: 0 })).rejects.toThrow(RangeError);
  });
});
