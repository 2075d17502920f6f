import { describe, expect, it } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey, isWellFormedApiKey, verifyApiKey } from './api-keys.js';

describe('tenant API keys', () => {
  it('are hub_ and 32 random bytes in base64url, with a 12-character prefix and a sha256 hash', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^hub_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
    expect(prefix).toBe(key.slice(0, 12));
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(isWellFormedApiKey(key)).toBe(true);
  });

  it('are never the same twice', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateApiKey().key));
    expect(keys.size).toBe(100);
  });

  it('verify against their stored hash and nothing else', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(verifyApiKey(a.key, a.hash)).toBe(true);
    expect(verifyApiKey(b.key, a.hash)).toBe(false);
    expect(verifyApiKey(`${a.key}x`, a.hash)).toBe(false);
    expect(verifyApiKey(a.key, 'not-a-hash')).toBe(false);
    expect(verifyApiKey(a.key, '')).toBe(false);
  });

  it('tells malformed keys apart before any lookup', () => {
    expect(isWellFormedApiKey('hub_short')).toBe(false);
    expect(isWellFormedApiKey(`sk_${'a'.repeat(43)}`)).toBe(false);
  });
});
