import type { SandboxCounters } from '@accounting-hub/connector-testkit/sandbox';
import type { FastifyInstance } from 'fastify';
import { type Caller, callerOf, rateLimitKey } from './caller.js';
import { gatewayError } from './http-errors.js';

/**
 * How much network jitter the bucket forgives: a client that spaces calls exactly 1/rate apart can see two
 * requests arrive a few milliseconds closer than that. The debt it leaves is paid back by the next refill, so
 * the long-run rate stays exact. UNCERTAIN: lexoffice's own tolerance (notes §2 tells clients to keep a buffer).
 */
const JITTER_MS = 50;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** lexoffice's limit: 2 requests/s per client as a token bucket over all endpoints (notes §2). */
export class ClientBuckets {
  #buckets = new Map<string, Bucket>();

  constructor(
    readonly requestsPerSecond: number,
    readonly capacity: number = Math.max(1, Math.floor(requestsPerSecond)),
  ) {}

  /** Takes a token for `key`; false when the caller is over the limit (the request is not performed). */
  take(key: string): boolean {
    const now = performance.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.requestsPerSecond);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    const tolerance = (JITTER_MS / 1000) * this.requestsPerSecond;
    if (bucket.tokens < 1 - tolerance) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.#buckets.clear();
  }
}

/**
 * Runs after authentication (the bucket belongs to a caller). A refused request answers 429 and is not
 * performed; lexoffice documents no Retry-After header, so none is sent.
 */
export function installRateLimit(app: FastifyInstance, buckets: ClientBuckets, counters: SandboxCounters): void {
  app.addHook('onRequest', async (request) => {
    const caller: Caller = callerOf(request);
    if (buckets.take(rateLimitKey(caller))) return;
    counters.rateLimited += 1;
    // UNCERTAIN: lexoffice's 429 body; the gateway's `{message}` shape is the likeliest.
    throw gatewayError(429, 'Rate limit exceeded');
  });
}
