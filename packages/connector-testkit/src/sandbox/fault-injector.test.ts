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
