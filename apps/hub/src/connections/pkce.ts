import { createHash, randomBytes } from 'node:crypto';

/**
 * A PKCE code verifier (RFC 7636: 43-128 characters of the unreserved set): 48 random bytes in base64url are 64
 * characters, well inside the range and with 384 bits of entropy.
 */
export function createCodeVerifier(): string {
  return randomBytes(48).toString('base64url');
}

/** The S256 challenge: base64url(sha256(verifier)) without padding. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The OAuth `state`: 32 random bytes (43 base64url characters), unguessable and single use. */
export function createOAuthState(): string {
  return randomBytes(32).toString('base64url');
}
