import type { RateLimitStore, TakeResult, TokenBucketConfig } from './types.js';

interface BucketState {
  /** May drop below zero when a single call costs more than the bucket holds: the debt delays later calls. */
  tokens: number;
  /** When `tokens` was last brought up to date. */
  updatedAt: number;
  /** No refill before this instant (set by `pause` after a 429). */
  pausedUntil: number;
}

export interface MemoryRateLimitStoreOptions {
  /** Clock in milliseconds; injectable so tests can drive refill without waiting. */
  now?: () => number;
}

/**
 * Token buckets in this process's memory. Correct for one process only: several worker processes need a shared
 * store (the hub's PostgreSQL one), otherwise each would spend the connection's whole budget.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #buckets = new Map<string, BucketState>();
  readonly #now: () => number;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  // The methods are async only to satisfy the store interface; their bodies never yield, which is what makes
  // read-refill-write atomic on the single JS thread.
  async take(key: string, cost: number, bucket: TokenBucketConfig): Promise<TakeResult> {
    assertBucket(bucket);
    const now = this.#now();
    const state = this.#refilled(key, bucket, now);
    // A call that costs more than the bucket can ever hold would otherwise wait forever: let it through on a
    // full bucket and carry the rest as debt.
    const needed = Math.min(cost, bucket.capacity);
    if (now >= state.pausedUntil && state.tokens >= needed) {
      state.tokens -= cost;
      return { granted: true };
    }
    const refillStart = Math.max(now, state.pausedUntil);
    const missing = needed - state.tokens;
    const waitMs = refillStart - now + (missing / bucket.refillPerSecond) * 1000;
    // Rounding up so that a caller sleeping exactly waitMs finds the tokens there instead of spinning once more.
    return { granted: false, waitMs: Math.max(1, Math.ceil(waitMs)) };
  }

  async pause(key: string, ms: number, bucket: TokenBucketConfig): Promise<void> {
    assertBucket(bucket);
    const now = this.#now();
    const state = this.#refilled(key, bucket, now);
    state.tokens = Math.min(state.tokens, 0);
    state.pausedUntil = Math.max(state.pausedUntil, now + Math.max(0, ms));
  }

  /** The bucket for `key` with the refill since its last update applied (a fresh bucket starts full). */
  #refilled(key: string, bucket: TokenBucketConfig, now: number): BucketState {
    let state = this.#buckets.get(key);
    if (state === undefined) {
      state = { tokens: bucket.capacity, updatedAt: now, pausedUntil: 0 };
      this.#buckets.set(key, state);
      return state;
    }
    const from = Math.max(state.updatedAt, state.pausedUntil);
    if (now > from) {
      state.tokens = Math.min(bucket.capacity, state.tokens + ((now - from) / 1000) * bucket.refillPerSecond);
    }
    // Never move updatedAt backwards: a clock that steps back must not mint tokens on the next call.
    state.updatedAt = Math.max(state.updatedAt, now);
    return state;
  }
}

function assertBucket(bucket: TokenBucketConfig): void {
  if (!(bucket.capacity >= 1) || !(bucket.refillPerSecond > 0)) {
    throw new RangeError(
      `A token bucket needs capacity >= 1 and refillPerSecond > 0 (got ${bucket.capacity}, ${bucket.refillPerSecond})`,
    );
  }
}

/** The process-wide default, so that every client built for the same connection shares one bucket. */
export const sharedMemoryRateLimitStore = new MemoryRateLimitStore();
