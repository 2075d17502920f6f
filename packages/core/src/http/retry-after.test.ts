import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('tolerates fractional seconds some APIs send', () => {
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('returns undefined for a missing or unreadable header', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles the ceiling per attempt', () => {
    const almostOne = () => 0.999_999;
    expect(backoffMs(1, 500, 30_000, almostOne)).toBe(499);
    expect(backoffMs(2, 500, 30_000, almostOne)).toBe(999);
    expect(backoffMs(3, 500, 30_000, almostOne)).toBe(1999);
  });

  it('never exceeds the maximum', () => {
    expect(backoffMs(20, 500, 30_000, () => 0.999_999)).toBeLessThan(30_000);
    expect(backoffMs(10_000, 500, 30_000, () => 0.5)).toBe(15_000);
  });

  it('uses full jitter down to zero', () => {
    expect(backoffMs(3, 500, 30_000, () => 0)).toBe(0);
    expect(backoffMs(3, 500, 30_000, () => 0.5)).toBe(1000);
  });
});
