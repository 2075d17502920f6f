import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEchoSandbox } from '../testing/echo-sandbox.js';
import { credentialFingerprint } from './admin-routes.js';

describe('sandbox admin protocol', () => {
  let sandbox: Awaited<ReturnType<typeof startEchoSandbox>>;
  beforeAll(async () => {
    sandbox = await startEchoSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.control.reset());

  it('answers an injected status with its body and headers instead of processing', async () => {
    await sandbox.control.injectFault({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '3' },
      body: { message: 'slow down' },
      match: { method: 'POST', path: '^/v1/things$' },
    });
    const res = await fetch(`${sandbox.url}/v1/things`, { method: 'POST' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ message: 'slow down' });
    expect(sandbox.writes).toEqual([]);
    // Spent after one hit.
    expect((await fetch(`${sandbox.url}/v1/things`, { method: 'POST' })).status).toBe(200);
  });

  it('performs the write behind an after_write fault, then answers its status', async () => {
    await sandbox.control.injectFault({ kind: 'after_write', status: 504, match: { path: '^/v1/vouchers$' } });
    const res = await fetch(`${sandbox.url}/v1/vouchers?x=1`, { method: 'POST' });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: { code: 'injected_fault' } });
    expect(sandbox.writes).toEqual(['POST /v1/vouchers?x=1']);
  });

  it('delays a request by a latency fault, then processes it', async () => {
    await sandbox.control.injectFault({ kind: 'latency', ms: 120, match: {} });
    const started = performance.now();
    const res = await fetch(`${sandbox.url}/v1/slow`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('counts API requests, not admin requests, and reset clears counters and faults', async () => {
    await fetch(`${sandbox.url}/v1/a`);
    await fetch(`${sandbox.url}/v1/b`);
    await sandbox.control.documents();
    expect(await sandbox.control.stats()).toEqual({ requests: 2, rateLimited: 0 });
    await sandbox.control.injectFault({ kind: 'status', status: 500, match: {} });
    await sandbox.control.reset();
    expect(await sandbox.control.stats()).toEqual({ requests: 0, rateLimited: 0 });
    expect((await fetch(`${sandbox.url}/v1/a`)).status).toBe(200);
  });

  it('injects probabilistic faults: a share of the requests, counted in GET /__sandbox/faults', async () => {
    await sandbox.control.injectFault({ kind: 'status', status: 503, probability: 0.2, seed: 11, match: { method: 'POST' } });
    await sandbox.control.injectFault({ kind: 'after_write', status: 504, probability: 0.25, seed: 12, match: { method: 'POST' } });
    await sandbox.control.injectFault({ kind: 'latency', ms: 1, jitterMs: 3, probability: 0.5, seed: 13, match: {} });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await fetch(`${sandbox.url}/v1/vouchers`, { method: 'POST' })).status);
    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect(count(503)).toBeGreaterThan(15);
    expect(count(504)).toBeGreaterThan(15);
    expect(count(200) + count(503) + count(504)).toBe(200);
    // A 503 is refused before the write, an after_write 504 only after it.
    expect(sandbox.writes).toHaveLength(200 - count(503));
    const report = await sandbox.control.faultReport();
    expect(report.pending).toBe(3);
    expect(report.fired).toMatchObject({ 'status:503': count(503), 'after_write:504': count(504) });
    expect(report.fired.latency).toBeGreaterThan(50);
    await sandbox.control.reset();
    expect(await sandbox.control.faultReport()).toEqual({ pending: 0, fired: {} });
  });

  it('counts requests per credential, without keeping the credential', async () => {
    await fetch(`${sandbox.url}/v1/a`, { headers: { authorization: 'Bearer tok-1' } });
    await fetch(`${sandbox.url}/v1/a`, { headers: { authorization: 'tok-1' } });
    await fetch(`${sandbox.url}/v1/a?token=tok-2`);
    await fetch(`${sandbox.url}/v1/a`);
    const counts = await sandbox.control.requestsByCredential();
    expect(counts).toEqual({ [credentialFingerprint('tok-1')]: 2, [credentialFingerprint('tok-2')]: 1, none: 1 });
    expect(JSON.stringify(counts)).not.toContain('tok-');
  });

  it('refuses an invalid fault with 400', async () => {
    const res = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 99, match: { path: '(' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_fault' } });
  });
});
