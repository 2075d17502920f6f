import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../errors/connector-error.js';
import { createHttpClient } from './client.js';
import { MemoryRateLimitStore } from './memory-rate-limit-store.js';
import { type TestServer, sendJson, startTestServer } from './test-server.js';

let server: TestServer;
const arrivals: number[] = [];

beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    arrivals.push(performance.now());
    sendJson(res, 200, { ok: true });
  });
});
afterAll(() => server.close());

describe('createHttpClient rate limiting', () => {
  it('spaces requests to the configured rate (5 rps, burst 1: 6 requests take about a second)', async () => {
    arrivals.length = 0;
    const http = createHttpClient({
      rateLimitKey: 'test:spacing',
      rateLimit: { requestsPerSecond: 5, burst: 1 },
      store: new MemoryRateLimitStore(),
    });
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => http.request({ method: 'GET', url: `${server.origin}/items/${i}` })),
    );
    const elapsed = performance.now() - started;
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2000);
    const sorted = [...arrivals].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((t, i) => t - (sorted[i] ?? t));
    // Loose: timers may fire a little late, never meaningfully early.
    for (const gap of gaps) expect(gap).toBeGreaterThan(150);
  });

  it('lets a burst through at once, then throttles', async () => {
    const http = createHttpClient({
      rateLimitKey: 'test:burst',
      rateLimit: { requestsPerSecond: 2, burst: 3 },
      store: new MemoryRateLimitStore(),
    });
    const started = performance.now();
    await Promise.all([1, 2, 3].map(() => http.request({ method: 'GET', url: `${server.origin}/a` })));
    // Generous bound for a loaded machine; a throttled burst would need at least 500 ms.
    expect(performance.now() - started).toBeLessThan(400);
    await http.request({ method: 'GET', url: `${server.origin}/a` });
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('makes clients of the same connection share one bucket', async () => {
    const store = new MemoryRateLimitStore();
    const options = { rateLimitKey: 'test:shared', rateLimit: { requestsPerSecond: 10, burst: 1 }, store };
    const a = createHttpClient(options);
    const b = createHttpClient(options);
    const started = performance.now();
    await Promise.all([a, b, a, b, a].map((http) => http.request({ method: 'GET', url: `${server.origin}/s` })));
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('charges a request its declared cost', async () => {
    const http = createHttpClient({
      rateLimitKey: 'test:cost',
      rateLimit: { requestsPerSecond: 10, burst: 3 },
      store: new MemoryRateLimitStore(),
    });
    const started = performance.now();
    await http.request({ method: 'GET', url: `${server.origin}/c`, cost: 3 });
    await http.request({ method: 'GET', url: `${server.origin}/c` });
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('stops waiting for a token when cancelled, without sending anything', async () => {
    const controller = new AbortController();
    const store = new MemoryRateLimitStore();
    const http = createHttpClient({
      rateLimitKey: 'test:cancel',
      rateLimit: { requestsPerSecond: 0.1, burst: 1 },
      store,
      signal: controller.signal,
    });
    await http.request({ method: 'GET', url: `${server.origin}/first` });
    const seenBefore = server.seen.length;
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await http.request({ method: 'POST', url: `${server.origin}/second` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('transient');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.seen.length).toBe(seenBefore);
  });

  it('refuses a rate limit that could never grant a request', () => {
    expect(() => createHttpClient({ rateLimitKey: 'x', rateLimit: { requestsPerSecond: 0, burst: 1 } })).toThrow(RangeError);
  });

  it('refuses to send, with rate_limited and the wait, when the token is further away than maxRateLimitWaitMs', async () => {
    arrivals.length = 0;
    const http = createHttpClient({
      rateLimitKey: 'test:defer',
      rateLimit: { requestsPerSecond: 1, burst: 1 },
      store: new MemoryRateLimitStore(),
      maxRateLimitWaitMs: 200,
    });
    await http.request({ method: 'POST', url: `${server.origin}/first` });
    const error = await http.request({ method: 'POST', url: `${server.origin}/second` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('rate_limited');
    expect((error as ConnectorError).retryAfterMs).toBeGreaterThan(200);
    expect((error as ConnectorError).retryAfterMs).toBeLessThanOrEqual(1000);
    // Not sent: the tool saw only the first request.
    expect(arrivals).toHaveLength(1);
  });
});
