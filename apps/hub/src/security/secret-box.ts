import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { z } from 'zod';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A blob that is not ours, was tampered with, or was sealed with another key or for another context. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * Encryption at rest for credentials, OAuth tokens and PKCE verifiers: AES-256-GCM over the value's JSON with a
 * fresh 12-byte IV per value. Blobs read `v1.<iv>.<tag>.<ciphertext>` (base64url), so that a later key or algorithm
 * can be told apart and rotated in. The optional `context` (e.g. the connection id) is bound as associated data:
 * a blob copied to another row does not open there.
 */
export interface SecretBox {
  seal(value: unknown, context?: string): string;
  open(blob: string, context?: string): unknown;
  openAs<T>(blob: string, schema: z.ZodType<T>, context?: string): T;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new RangeError(`AES-256-GCM needs a 32-byte key (got ${key.length} bytes)`);
  const secret = Buffer.from(key);

  const open = (blob: string, context?: string): unknown => {
    const parts = blob.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('not a sealed value of a known version');
    const [, ivText, tagText, dataText] = parts as [string, string, string, string];
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('malformed sealed value');
    const decipher = createDecipheriv('aes-256-gcm', secret, iv);
    decipher.setAAD(aad(context));
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]);
    } catch {
      throw new SecretBoxError('the sealed value does not open with this key (tampered, another key or another context)');
    }
    return JSON.parse(plain.toString('utf8')) as unknown;
  };

  return {
    seal(value, context) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('only JSON values can be sealed');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      cipher.setAAD(aad(context));
      const data = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    open,
    openAs(blob, schema, context) {
      return schema.parse(open(blob, context));
    },
  };
}

function aad(context: string | undefined): Buffer {
  return Buffer.from(`accounting-hub/${VERSION}/${context ?? ''}`, 'utf8');
}
