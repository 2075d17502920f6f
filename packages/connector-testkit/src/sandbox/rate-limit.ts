import type { FastifyInstance } from 'fastify';
import { isSandboxAdminPath, type SandboxCounters } from './admin-routes.js';

/**
 * A tool's own limit, independent of the client's: a connector that ignores its manifest's limit meets 429s in
 * the sandbox, as it would at the tool.
 */
export class SandboxTokenBucket {
  #tokens: number;
  #updatedAt = performance.now();

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
  ) {
    this.#tokens = capacity;
  }

  /** Takes a token, or tells how many milliseconds until one is there. */
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

/**
 * Answers 429 with a Retry-After (and the tool's own error body) once the bucket is empty. Admin routes are never
 * limited: tests must be able to read the sandbox however hard the connector hits it.
 */
export function installSandboxRateLimit(
  app: FastifyInstance,
  bucket: SandboxTokenBucket,
  counters: SandboxCounters,
  body: () => unknown,
): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isSandboxAdminPath(request.url)) return;
    const taken = bucket.take();
    if (taken.granted) return;
    counters.rateLimited += 1;
    return reply
      .code(429)
      .header('retry-after', String(Math.max(1, Math.ceil(taken.waitMs / 1000))))
      .send(body());
  });
}
