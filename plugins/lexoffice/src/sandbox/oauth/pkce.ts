import { createHash, randomBytes } from 'node:crypto';

/** base64url without padding, as PKCE and the tokens use it. */
export function base64url(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** S256: base64url(sha256(verifier)); the docs' test vector holds (see oauth.test.ts). */
export function s256(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest());
}

/** RFC 7636: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]. */
export function isValidVerifier(verifier: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier);
}

/** Random token text of exactly `length` characters (codes and refresh tokens are 128 long, notes §1.3). */
export function randomToken(length: number): string {
  return base64url(randomBytes(Math.ceil((length * 3) / 4) + 3)).slice(0, length);
}
