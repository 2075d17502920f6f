import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSecretBox, SecretBoxError } from './secret-box.js';

const key = randomBytes(32);
const box = createSecretBox(key);
const tokens = { accessToken: 'at-7f3c9e1d2b', refreshToken: 'rt-0a8b7c6d5e', expiresAt: '2030-01-01T00:00:00Z' };

/** Flips one bit in the given part of a `v1.<iv>.<tag>.<data>` blob. */
function tamper(blob: string, part: 1 | 2 | 3): string {
  const parts = blob.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('secret box', () => {
  it('opens what it sealed', () => {
    expect(box.open(box.seal(tokens))).toEqual(tokens);
    expect(box.open(box.seal('just a string'))).toBe('just a string');
    expect(box.openAs(box.seal({ apiKey: 'k-123' }), z.object({ apiKey: z.string() }))).toEqual({ apiKey: 'k-123' });
  });

  it('writes a versioned blob that holds no plaintext', () => {
    const blob = box.seal(tokens);
    expect(blob).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    for (const secret of Object.values(tokens)) {
      expect(blob).not.toContain(secret);
      expect(Buffer.from(blob.split('.')[3]!, 'base64url').toString('latin1')).not.toContain(secret);
    }
  });

  it('uses a fresh IV for every value, so equal values give different blobs', () => {
    const a = box.seal(tokens);
    const b = box.seal(tokens);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('detects tampering with the IV, the tag or the ciphertext', () => {
    const blob = box.seal(tokens);
    for (const part of [1, 2, 3] as const) expect(() => box.open(tamper(blob, part))).toThrow(SecretBoxError);
  });

  it('refuses to open with another key', () => {
    const other = createSecretBox(randomBytes(32));
    expect(() => other.open(box.seal(tokens))).toThrow(SecretBoxError);
  });

  it('binds the context: a blob moved to another row does not open', () => {
    const blob = box.seal(tokens, 'connection:1');
    expect(box.open(blob, 'connection:1')).toEqual(tokens);
    expect(() => box.open(blob, 'connection:2')).toThrow(SecretBoxError);
    expect(() => box.open(blob)).toThrow(SecretBoxError);
  });

  it('refuses unknown versions and malformed blobs', () => {
    const blob = box.seal(tokens);
    expect(() => box.open(blob.replace(/^v1/, 'v9'))).toThrow(/known version/);
    expect(() => box.open('v1.abc')).toThrow(SecretBoxError);
    expect(() => box.open('v1.AAAA.AAAA.AAAA')).toThrow(/malformed/);
  });

  it('needs a 32-byte key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32-byte key/);
  });
});
