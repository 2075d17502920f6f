import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../connector/logger.js';
import { ConnectorError } from '../errors/connector-error.js';
import { type HttpClientOptions, createHttpClient } from './client.js';
import { MemoryRateLimitStore } from './memory-rate-limit-store.js';
import { type SeenRequest, type TestServer, refusedOrigin, sendJson, startTestServer } from './test-server.js';
import type { CallRecord, TokenBucketConfig } from './types.js';

class SpyStore extends MemoryRateLimitStore {
  readonly pauses: Array<{ key: string; ms: number }> = [];
  override async pause(key: string, ms: number, bucket: TokenBucketConfig): Promise<void> {
    this.pauses.push({ key, ms });
    await super.pause(key, ms, bucket);
  }
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers the n-th request (0-based) with `steps[n]`, repeating the last step. */
async function serve(steps: Array<(req: SeenRequest, res: ServerResponse) => void>): Promise<TestServer> {
  let n = 0;
  server = await startTestServer((req, res) => {
    const step = steps[Math.min(n++, steps.length - 1)];
    step?.(req, res);
  });
  return server;
}

const ok = (_req: SeenRequest, res: ServerResponse) => sendJson(res, 200, { ok: true });
const status = (code: number, headers: Record<string, string> = {}) => (_req: SeenRequest, res: ServerResponse) =>
  sendJson(res, code, { error: code }, headers);
const neverAnswer = () => {};

function client(overrides: Partial<HttpClientOptions> = {}) {
  const records: CallRecord[] = [];
  const store = new SpyStore();
  const http = createHttpClient({
    rateLimitKey: 'test:conn-1',
    rateLimit: { requestsPerSecond: 1000, burst: 100 },
    store,
    sink: (r) => {
      records.push(r);
    },
    backoffMs: 10,
    maxBackoffMs: 2000,
    maxAttempts: 3,
    timeoutMs: 150,
    ...overrides,
  });
  return { http, records, store };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('createHttpClient retries', () => {
  it('retries a 429 on any method after Retry-After and pauses the whole connection', async () => {
    const s = await serve([status(429, { 'retry-after': '1' }), ok]);
    const { http, store, records } = client();
    const started = performance.now();
    const res = await http.request({ method: 'POST', url: `${s.origin}/v1/vouchers`, body: { kind: 'json', value: {} } });
    expect(res.status).toBe(200);
    expect(res.attempt).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(store.pauses).toEqual([{ key: 'test:conn-1', ms: 1000 }]);
    expect(records.map((r) => [r.attempt, r.statusCode, r.message])).toEqual([
      [1, 429, '429 Too Many Requests'],
      [2, 200, undefined],
    ]);
  });

  it('returns a 429 at once when Retry-After is longer than it should sit out, still pausing the connection', async () => {
    const s = await serve([status(429, { 'retry-after': '3600' })]);
    const { http, store } = client();
    const res = await http.request({ method: 'GET', url: `${s.origin}/x` });
    expect(res.status).toBe(429);
    expect(s.seen).toHaveLength(1);
    expect(store.pauses).toEqual([{ key: 'test:conn-1', ms: 3_600_000 }]);
  });

  it('does not repeat a POST that got a 503: it may have been performed', async () => {
    const s = await serve([status(503), ok]);
    const { http } = client();
    const res = await http.request({ method: 'POST', url: `${s.origin}/v1/vouchers`, body: { kind: 'json', value: {} } });
    expect(res.status).toBe(503);
    expect(s.seen).toHaveLength(1);
  });

  it('repeats a GET that got a 503 and returns the success', async () => {
    const s = await serve([status(503), status(502), ok]);
    const { http } = client();
    const res = await http.request({ method: 'GET', url: `${s.origin}/v1/contacts` });
    expect(res.status).toBe(200);
    expect(res.attempt).toBe(3);
    expect(res.body).toEqual({ ok: true });
  });

  it('repeats a write the connector marked idempotent', async () => {
    const s = await serve([status(500), ok]);
    const { http } = client();
    const res = await http.request({ method: 'PUT', url: `${s.origin}/v1/x`, idempotent: true });
    expect(res.status).toBe(200);
    expect(s.seen).toHaveLength(2);
  });

  it('returns the last response as is once the attempts are used up', async () => {
    const s = await serve([status(503)]);
    const { http } = client();
    const res = await http.request({ method: 'GET', url: `${s.origin}/down` });
    expect(res.status).toBe(503);
    expect(res.attempt).toBe(3);
    expect(s.seen).toHaveLength(3);
  });

  it('does not retry statuses that will not heal', async () => {
    const s = await serve([status(501)]);
    const { http } = client();
    expect((await http.request({ method: 'GET', url: `${s.origin}/x` })).status).toBe(501);
    expect(s.seen).toHaveLength(1);
  });

  it('turns a POST timeout into uncertain without repeating it', async () => {
    const s = await serve([neverAnswer]);
    const { http, records } = client();
    const error = await rejection(http.request({ method: 'POST', url: `${s.origin}/v1/vouchers?draft=1` }));
    expect(error.kind).toBe('uncertain');
    expect(error.message).toBe(`No answer from ${new URL(s.origin).host} within 150 ms to POST /v1/vouchers; it may have been performed`);
    expect(s.seen).toHaveLength(1);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ statusCode: null, error: true, message: 'timeout after 150 ms' });
  });

  it('retries a GET timeout, then gives up as transient', async () => {
    const s = await serve([neverAnswer]);
    const { http, records } = client({ timeoutMs: 100 });
    const error = await rejection(http.request({ method: 'GET', url: `${s.origin}/slow` }));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/after 3 attempts: timeout after 100 ms/);
    expect(s.seen).toHaveLength(3);
    expect(records.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });

  it('honours a per-request timeout', async () => {
    const s = await serve([neverAnswer]);
    const { http } = client({ timeoutMs: 10_000, maxAttempts: 1 });
    const started = performance.now();
    await rejection(http.request({ method: 'GET', url: `${s.origin}/slow`, timeoutMs: 80 }));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('repeats a POST whose connection was refused (it never left) and finally reports transient', async () => {
    const origin = await refusedOrigin();
    const { http, records } = client();
    const error = await rejection(http.request({ method: 'POST', url: `${origin}/v1/vouchers`, body: { kind: 'json', value: {} } }));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(records.map((r) => [r.attempt, r.statusCode, r.error])).toEqual([
      [1, null, true],
      [2, null, true],
      [3, null, true],
    ]);
  });

  it('reports a POST whose connection dropped mid-request as uncertain', async () => {
    const s = await serve([(_req, res) => res.socket?.destroy()]);
    const { http } = client();
    const error = await rejection(http.request({ method: 'POST', url: `${s.origin}/v1/vouchers` }));
    expect(error.kind).toBe('uncertain');
    expect(error.message).toMatch(/^Lost the connection to .* during POST \/v1\/vouchers \(.+\); it may have been performed$/);
    expect(s.seen).toHaveLength(1);
  });

  it('stops a GET in flight when cancelled and reports transient', async () => {
    const s = await serve([neverAnswer]);
    const controller = new AbortController();
    const { http } = client({ signal: controller.signal, timeoutMs: 5000 });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(http.request({ method: 'GET', url: `${s.origin}/slow` }));
    expect(error.kind).toBe('transient');
    expect(s.seen).toHaveLength(1);
  });

  it('reports a POST cancelled in flight as uncertain, since it may have landed', async () => {
    const s = await serve([neverAnswer]);
    const controller = new AbortController();
    const { http } = client({ signal: controller.signal, timeoutMs: 5000 });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(http.request({ method: 'POST', url: `${s.origin}/v1/vouchers` }));
    expect(error.kind).toBe('uncertain');
  });

  it('survives a failing call sink and logs a warning', async () => {
    const s = await serve([ok]);
    const warnings: unknown[] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      warn(obj) {
        warnings.push(obj);
      },
      error() {},
      child() {
        return logger;
      },
    };
    const { http } = client({
      logger,
      sink: async () => {
        throw new Error('database down');
      },
    });
    expect((await http.request({ method: 'GET', url: `${s.origin}/x` })).status).toBe(200);
    expect(warnings).toHaveLength(1);
  });

  it('waits for the sink before answering, so the log is complete when the call returns', async () => {
    const s = await serve([ok]);
    let written = false;
    const { http } = client({
      sink: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        written = true;
      },
    });
    await http.request({ method: 'GET', url: `${s.origin}/x` });
    expect(written).toBe(true);
  });
});
