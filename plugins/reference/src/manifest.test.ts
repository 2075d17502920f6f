import { describe, expect, it } from 'vitest';
import { rateLimitFor, referenceManifest } from './manifest.js';

describe('rateLimitFor', () => {
  it('uses the connection option when given and the manifest limit otherwise', () => {
    expect(rateLimitFor({ requestsPerSecond: 2 })).toEqual({ requestsPerSecond: 2, burst: 2 });
    expect(rateLimitFor({ requestsPerSecond: 0.5 })).toEqual({ requestsPerSecond: 0.5, burst: 1 });
    expect(rateLimitFor({})).toEqual(referenceManifest.rateLimit);
    expect(rateLimitFor(undefined)).toEqual(referenceManifest.rateLimit);
  });
});
