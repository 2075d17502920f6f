import { defineEntity, p } from '@mikro-orm/core';

/**
 * A token bucket shared by every hub process (one per connection). Written only by PostgresRateLimitStore's
 * single-statement upserts; the entity exists so that the schema and its migration know the table.
 */
export const RateLimitBucketSchema = defineEntity({
  name: 'RateLimitBucket',
  tableName: 'rate_limit_bucket',
  properties: {
    key: p.string().length(200).primary(),
    /** May be negative: a call that cost more than the bucket holds leaves a debt. */
    tokens: p.double(),
    /** When `tokens` was last brought up to date. */
    refilledAt: p.datetime(),
    /** No refill and no grant before this instant (set after a 429). */
    pausedUntil: p.datetime().nullable(),
  },
});

export class RateLimitBucket extends RateLimitBucketSchema.class {}
RateLimitBucketSchema.setClass(RateLimitBucket);
