import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX_LENGTH = 12;
const API_KEY = /^hub_[A-Za-z0-9_-]{43}$/;

export interface GeneratedApiKey {
  /** Shown to the tenant once; never stored. */
  key: string;
  /** The first 12 characters, stored (unique) to find the tenant. */
  prefix: string;
  /** sha256 hex of the key, stored. */
  hash: string;
}

/**
 * A tenant API key: `hub_` and 32 random bytes in base64url. Keys carry 256 bits of entropy, so a fast hash is
 * right (a slow password hash guards against guessing, which is hopeless here anyway).
 */
export function generateApiKey(): GeneratedApiKey {
  const key = `hub_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: apiKeyPrefix(key), hash: hashApiKey(key) };
}

export function isWellFormedApiKey(key: string): boolean {
  return API_KEY.test(key);
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares in constant time, so that the answer's timing tells nothing about how much of the key matched. */
export function verifyApiKey(key: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKey(key), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
