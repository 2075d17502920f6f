import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexofficeConnector } from './connector.js';
import { DEFAULT_RATE_LIMIT, lexofficeManifest, rateLimitFor } from './manifest.js';
import { type LexofficeSandbox, createLexofficeSandbox } from './sandbox/index.js';
import { apiKeyAuth, sandboxOptions, testContext } from './testing.test-support.js';

/** lexoffice allows 2 requests/s per client (notes §2); the sandbox enforces exactly that by default. */
let sandbox: LexofficeSandbox;

beforeAll(async () => {
  sandbox = await createLexofficeSandbox();
});
afterAll(() => sandbox.close());

describe('2 requests per second', () => {
  it('is what the manifest declares, and the per-connection option can lower or raise it', () => {
    expect(lexofficeManifest.rateLimit).toEqual({ requestsPerSecond: 2, burst: 2 });
    expect(rateLimitFor(undefined)).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitFor({ requestsPerSecond: 1 })).toEqual({ requestsPerSecond: 1, burst: 1 });
    expect(rateLimitFor({ requestsPerSecond: 0.5 })).toEqual({ requestsPerSecond: 0.5, burst: 1 });
    expect(rateLimitFor({ requestsPerSecond: 10 })).toEqual({ requestsPerSecond: 10, burst: 10 });
  });

  it('a client on the manifest limit never meets a 429, even bursting', async () => {
    await sandbox.control.reset();
    const t = testContext(sandboxOptions(sandbox, 2), apiKeyAuth(sandbox), {}, lexofficeManifest.rateLimit);
    const started = performance.now();
    // 4 × testConnection = 8 requests: 2 at once, then one every 500 ms.
    await Promise.all(Array.from({ length: 4 }, () => lexofficeConnector.testConnection(t.ctx)));
    const elapsed = performance.now() - started;
    const stats = await sandbox.control.stats();
    expect(stats).toEqual({ requests: 8, rateLimited: 0 });
    expect(t.records.every((r) => r.statusCode === 200)).toBe(true);
    expect(elapsed).toBeGreaterThan(2900);
  });

  it('answers 429 {"message":"Rate limit exceeded"} to a client that ignores the limit', async () => {
    await sandbox.control.reset();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => fetch(new URL('/v1/profile', sandbox.url), { headers: { authorization: `Bearer ${sandbox.apiKey}` } })),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(3);
    expect(await limited[0]?.json()).toEqual({ message: 'Rate limit exceeded' });
    expect((await sandbox.control.stats()).rateLimited).toBe(3);
  });

  it('the core client retries a 429 and the connector gets its answer', async () => {
    await sandbox.control.reset();
    await sandbox.control.injectFault({ kind: 'status', status: 429, body: { message: 'Rate limit exceeded' }, match: { path: '^/v1/profile$' } });
    const t = testContext(sandboxOptions(sandbox, 2), apiKeyAuth(sandbox), {}, lexofficeManifest.rateLimit);
    const result = await lexofficeConnector.testConnection(t.ctx);
    expect(result.account.id).toBe(sandbox.state.organization.id);
    expect(t.records.map((r) => r.statusCode)).toEqual([429, 200, 200]);
  });
});
