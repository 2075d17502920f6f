import type { FastifyRequest } from 'fastify';
import { SevdeskApiError } from '../errors.js';

/** Request bodies have passed the OpenAPI validation; these read them without trusting more than that. */
export type Body = Record<string, unknown>;

export function obj(v: unknown): Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : {};
}

export function bodyOf(request: FastifyRequest): Body {
  return obj(request.body);
}

export function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

/** The id of a `{id, objectName}` reference (sevdesk accepts ids as numbers or digit strings). */
export function refId(v: unknown): number | null {
  const n = Number(obj(v).id);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function has(o: Body, key: string): boolean {
  return Object.hasOwn(o, key);
}

export function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) out[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  return out;
}

export function idParam(request: FastifyRequest, name: string): number {
  const raw = (request.params as Record<string, string | undefined>)[name];
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new SevdeskApiError(400, `${name} must be an integer`);
  return n;
}

/**
 * A list page as sevdesk answers it: at most `limit` rows (1-1000), 100 when the caller sends none (notes §1.3:
 * lists silently stop around 100), `total` as a string with `countAll=true`.
 */
export function page<T>(items: readonly T[], q: Record<string, string | undefined>): { objects: T[]; total?: string } {
  const limit = Math.min(1000, Math.max(1, Number(q.limit ?? 100) || 100));
  const offset = Math.max(0, Number(q.offset ?? 0) || 0);
  const objects = items.slice(offset, offset + limit);
  return q.countAll === 'true' ? { objects, total: String(items.length) } : { objects };
}

/** The number of a `name[id]` filter, or undefined when absent. */
export function filterId(q: Record<string, string | undefined>, name: string): number | undefined {
  const raw = q[`${name}[id]`];
  return raw === undefined ? undefined : Number(raw);
}
