import type { HttpRequest } from './types.js';

/**
 * Whether repeating `req` is harmless. Only reads are by default: a write that timed out may have landed, and
 * repeating it could book an invoice twice. Connectors opt in for writes the tool deduplicates (PUT with a version).
 */
export function isIdempotent(req: Pick<HttpRequest, 'method' | 'idempotent'>): boolean {
  return req.idempotent ?? (req.method === 'GET' || req.method === 'HEAD');
}
