import { type SandboxCounters, isSandboxAdminPath } from '@accounting-hub/connector-testkit/sandbox';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

/**
 * sevdesk publishes no rate limit and no client ever measured a 429 (notes §1.4), but it does protect itself.
 * The sandbox keeps a token bucket so that a connector that ignores its own limit meets the 429 it must handle;
 * the answer's shape is the usual error envelope with a Retry-After (UNCERTAIN: never observed).
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt = performance.now();

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
  ) {
    this.#tokens = capacity;
  }

  take(): { granted: true } | { granted: false; waitMs: number } {
    const now = performance.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#updatedAt) / 1000) * this.refillPerSecond);
    this.#updatedAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { granted: true };
    }
    return { granted: false, waitMs: Math.ceil(((1 - this.#tokens) / this.refillPerSecond) * 1000) };
  }

  refill(): void {
    this.#tokens = this.capacity;
    this.#updatedAt = performance.now();
  }
}

export function installRateLimit(app: FastifyInstance, bucket: TokenBucket, counters: SandboxCounters): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isSandboxAdminPath(request.url)) return;
    const taken = bucket.take();
    if (taken.granted) return;
    counters.rateLimited += 1;
    return reply
      .code(429)
      .header('retry-after', String(Math.max(1, Math.ceil(taken.waitMs / 1000))))
      .send(errorBody(429, 'Too many requests'));
  });
}
