import type { RateLimitStore, TakeResult, TokenBucketConfig } from '@accounting-hub/core';

/** What the store needs of a pg Pool (or Client): one parameterised query. */
export interface Queryable {
  query<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * The refilled token count of the existing row `b` at `now()`: no refill before `paused_until`, never above
 * capacity ($3), at $4 tokens per second. now() is the statement's start; a statement that waited for the row
 * lock sees a refilled_at later than its now() and refills nothing, so waiting never mints tokens.
 */
const REFILLED = `least($3::float8, b.tokens + greatest(0, extract(epoch from (now() - greatest(b.refilled_at, coalesce(b.paused_until, b.refilled_at))))) * $4::float8)`;

/**
 * One statement decides the grant: the upsert updates the row only when the refilled bucket holds what is needed
 * (and no pause is on), under the row lock, so concurrent takers from any process are serialised. A fresh bucket
 * starts full. When nothing was granted, the outer select reads the bucket (as of the statement's snapshot) to
 * estimate the wait; that estimate may be a little stale, the grant never is.
 */
const TAKE = `
with took as (
  insert into rate_limit_bucket as b (key, tokens, refilled_at, paused_until)
  values ($1, $3::float8 - $2::float8, now(), null)
  on conflict (key) do update
    set tokens = ${REFILLED} - $2::float8,
        refilled_at = greatest(b.refilled_at, now())
    where (b.paused_until is null or b.paused_until <= now())
      and ${REFILLED} >= least($2::float8, $3::float8)
  returning 1
)
select
  (select count(*) from took)::int as granted,
  s.tokens,
  extract(epoch from (now() - s.refilled_at)) * 1000 as since_refill_ms,
  extract(epoch from (s.paused_until - now())) * 1000 as paused_for_ms
from (select 1) one
left join rate_limit_bucket s on s.key = $1`;

/** Empties the bucket (keeping any debt) and holds refills back for $2 ms, never shortening a longer pause. */
const PAUSE = `
insert into rate_limit_bucket as b (key, tokens, refilled_at, paused_until)
values ($1, 0, now(), now() + $2::float8 * interval '1 millisecond')
on conflict (key) do update
  set tokens = least(${REFILLED}, 0),
      refilled_at = greatest(b.refilled_at, now()),
      paused_until = greatest(coalesce(b.paused_until, now()), now() + $2::float8 * interval '1 millisecond')`;

interface TakeRow extends Record<string, unknown> {
  granted: number;
  tokens: number | null;
  since_refill_ms: string | number | null;
  paused_for_ms: string | number | null;
}

/**
 * Token buckets in the `rate_limit_bucket` table, so that every hub process draws on one bucket per connection.
 * Each call is a single atomic statement; clocks are the database's, so the processes' clocks do not matter.
 */
export class PostgresRateLimitStore implements RateLimitStore {
  readonly #db: Queryable;

  constructor(db: Queryable) {
    this.#db = db;
  }

  async take(key: string, cost: number, bucket: TokenBucketConfig): Promise<TakeResult> {
    assertBucket(bucket);
    if (!(cost >= 0)) throw new RangeError(`cost must be >= 0 (got ${cost})`);
    const { rows } = await this.#db.query<TakeRow>(TAKE, [key, cost, bucket.capacity, bucket.refillPerSecond]);
    const row = rows[0];
    if (row && row.granted > 0) return { granted: true };
    return { granted: false, waitMs: estimateWait(row, cost, bucket) };
  }

  async pause(key: string, ms: number, bucket: TokenBucketConfig): Promise<void> {
    assertBucket(bucket);
    await this.#db.query(PAUSE, [key, Math.max(0, ms), bucket.capacity, bucket.refillPerSecond]);
  }
}

function estimateWait(row: TakeRow | undefined, cost: number, bucket: TokenBucketConfig): number {
  const needed = Math.min(cost, bucket.capacity);
  const perToken = 1000 / bucket.refillPerSecond;
  if (!row || row.tokens === null) return Math.max(1, Math.ceil(needed * perToken));
  const pausedFor = Math.max(0, Number(row.paused_for_ms ?? 0));
  const sinceRefill = Math.max(0, Number(row.since_refill_ms ?? 0));
  const tokensNow = pausedFor > 0 ? row.tokens : Math.min(bucket.capacity, row.tokens + (sinceRefill / perToken));
  const missing = needed - tokensNow;
  // The snapshot said "enough" but the grant was refused: another process got there first. Wait one token's time.
  const refillMs = missing > 0 ? missing * perToken : perToken;
  return Math.max(1, Math.ceil(pausedFor + refillMs));
}

function assertBucket(bucket: TokenBucketConfig): void {
  if (!(bucket.capacity >= 1) || !(bucket.refillPerSecond > 0)) {
    throw new RangeError(
      `A token bucket needs capacity >= 1 and refillPerSecond > 0 (got ${bucket.capacity}, ${bucket.refillPerSecond})`,
    );
  }
}
