import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injector.js';

describe('FaultInjector', () => {
  it('matches by method and path regex, ignoring the query string', () => {
    const f = new FaultInjector();
    f.add({ kind: 'status', status: 503, match: { method: 'post', path: '^/v1/invoices$' } });
    expect(f.match('GET', '/v1/invoices')).toBeUndefined();
    expect(f.match('POST', '/v1/invoices/abc')).toBeUndefined();
    expect(f.match('POST', '/v1/invoices?status=finalized')).toMatchObject({ status: 503 });
  });

  it('is spent after `times` hits (default 1)', () => {
    const f = new FaultInjector();
    f.add({ kind: 'latency', ms: 1, match: {} });
    f.add({ kind: 'status', status: 429, times: 2, match: {} });
    expect(f.match('GET', '/a')?.kind).toBe('latency');
    expect(f.match('GET', '/a')?.kind).toBe('status');
    expect(f.match('GET', '/a')?.kind).toBe('status');
    expect(f.match('GET', '/a')).toBeUndefined();
    expect(f.pending).toBe(0);
  });

  it('serves the oldest matching fault first and forgets all on clear', () => {
    const f = new FaultInjector();
    f.add({ kind: 'status', status: 429, match: { path: 'vouchers' } });
    f.add({ kind: 'after_write', status: 504, match: { path: 'vouchers' } });
    expect(f.match('POST', '/v1/vouchers')).toMatchObject({ kind: 'status', status: 429 });
    expect(f.pending).toBe(1);
    f.clear();
    expect(f.match('POST', '/v1/vouchers')).toBeUndefined();
  });
});

describe('FaultInjector: probabilistic faults', () => {
  it('hits about `probability` of the matching requests and is not spent', () => {
    const f = new FaultInjector();
    f.add({ kind: 'status', status: 503, probability: 0.1, seed: 42, match: { path: '^/v1/' } });
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (f.match('POST', '/v1/vouchers')) hits += 1;
    expect(hits).toBeGreaterThan(900);
    expect(hits).toBeLessThan(1100);
    expect(f.pending).toBe(1);
    expect(f.fired).toEqual({ 'status:503': hits });
    expect(f.match('GET', '/other')).toBeUndefined();
  });

  it('draws the same hits from the same seed', () => {
    const run = (seed: number) => {
      const f = new FaultInjector();
      f.add({ kind: 'after_write', status: 504, probability: 0.3, seed, match: {} });
      return Array.from({ length: 200 }, () => f.match('POST', '/x') !== undefined);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    // Faults without a seed of their own take theirs from the injector's seed.
    const seeded = (seed: number) => {
      const f = new FaultInjector({ seed });
      f.add({ kind: 'status', status: 429, probability: 0.5, match: {} });
      return Array.from({ length: 100 }, () => f.match('GET', '/x') !== undefined);
    };
    expect(seeded(1)).toEqual(seeded(1));
  });

  it('lets a spared request go on to the next fault, oldest first', () => {
    const f = new FaultInjector();
    f.add({ kind: 'status', status: 503, probability: 0.5, seed: 1, match: {} });
    f.add({ kind: 'status', status: 429, probability: 1, match: {} });
    const statuses = Array.from({ length: 1000 }, () => (f.match('GET', '/x') as { status: number }).status);
    const n503 = statuses.filter((s) => s === 503).length;
    expect(n503).toBeGreaterThan(400);
    expect(n503).toBeLessThan(600);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1000 - n503);
  });

  it('adds probabilistic latency (with jitter) and still lets the next fault answer', () => {
    const f = new FaultInjector();
    f.add({ kind: 'latency', ms: 10, jitterMs: 5, probability: 1, seed: 3, match: {} });
    f.add({ kind: 'status', status: 503, probability: 1, match: { method: 'POST' } });
    for (let i = 0; i < 50; i++) {
      const post = f.hit('POST', '/x');
      expect(post.fault).toMatchObject({ kind: 'status', status: 503 });
      expect(post.delayMs).toBeGreaterThanOrEqual(10);
      expect(post.delayMs).toBeLessThanOrEqual(15);
      const get = f.hit('GET', '/x');
      expect(get.fault).toBeUndefined();
      expect(get.delayMs).toBeGreaterThanOrEqual(10);
    }
    expect(f.fired).toEqual({ latency: 100, 'status:503': 50 });
  });

  it('keeps planned latency first-served, with its jitter', () => {
    const f = new FaultInjector();
    f.add({ kind: 'latency', ms: 100, jitterMs: 50, match: {} });
    f.add({ kind: 'status', status: 500, match: {} });
    const first = f.hit('GET', '/x');
    expect(first.fault?.kind).toBe('latency');
    expect(first.delayMs).toBeGreaterThanOrEqual(100);
    expect(first.delayMs).toBeLessThanOrEqual(150);
    expect(f.hit('GET', '/x')).toEqual({ delayMs: 0, fault: expect.objectContaining({ status: 500 }) });
  });

  it('spends a probabilistic fault after `times` hits, and clear forgets the counts', () => {
    const f = new FaultInjector();
    f.add({ kind: 'status', status: 429, probability: 0.5, times: 3, seed: 9, match: {} });
    let hits = 0;
    for (let i = 0; i < 100; i++) if (f.match('GET', '/x')) hits += 1;
    expect(hits).toBe(3);
    expect(f.pending).toBe(0);
    f.clear();
    expect(f.fired).toEqual({});
  });
});
