import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUESTS_PER_SECOND, rateLimitFor, sevdeskCredentials, sevdeskManifest, sevdeskOptions } from './manifest.js';

describe('manifest', () => {
  it('takes a 32-hex token (trimmed) and refuses anything else with the place to find it', () => {
    expect(sevdeskCredentials.parse({ apiToken: ' b7794de0085f5cd00560f160f290af38\n' })).toEqual({ apiToken: 'b7794de0085f5cd00560f160f290af38' });
    const bad = sevdeskCredentials.safeParse({ apiToken: 'Bearer b7794de0085f5cd00560f160f290af38' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/API-Token/);
  });

  it('defaults the base URL and a safe rate, and gives each connection its own bucket', () => {
    expect(sevdeskOptions.parse({})).toEqual({ baseUrl: 'https://my.sevdesk.de/api/v1', requestsPerSecond: DEFAULT_REQUESTS_PER_SECOND });
    expect(rateLimitFor({})).toEqual({ requestsPerSecond: 4, burst: 4 });
    expect(rateLimitFor({ requestsPerSecond: 2.5 })).toEqual({ requestsPerSecond: 2.5, burst: 3 });
    expect(sevdeskManifest.rateLimit.requestsPerSecond).toBeLessThan(11);
  });
});
