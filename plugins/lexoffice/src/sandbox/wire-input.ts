import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type DetailSpec, type IssueSpec, issueList, regularError, validationFailed } from './http-errors.js';

/** `lineItems[0].unitPrice.taxRatePercentage`, lexoffice's way of writing a path. */
export function lexPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.input === undefined;
}

/** lexoffice refuses JSON writes without `Content-Type: application/json` with 415 (notes §1.1). */
function requireJson(request: FastifyRequest): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json/i.test(type)) {
    throw regularError(415, request.url.split('?')[0] ?? request.url, `Content type '${type}' not supported`);
  }
}

/** Parses a body of a legacy endpoint (contacts, vouchers): failures answer 406 with an IssueList. */
export function parseLegacyBody<S extends z.ZodType>(request: FastifyRequest, schema: S): z.output<S> {
  requireJson(request);
  const parsed = schema.safeParse(request.body ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues: IssueSpec[] = parsed.error.issues.map((i) => ({
    i18nKey: isMissing(i) ? 'missing_entity' : 'invalid_value',
    source: lexPath(i.path) || null,
  }));
  throw issueList(406, issues);
}

/** Parses a body of a regular endpoint (invoices, credit notes): failures answer 406 with a details list. */
export function parseRegularBody<S extends z.ZodType>(request: FastifyRequest, schema: S): z.output<S> {
  requireJson(request);
  const parsed = schema.safeParse(request.body ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  const details: DetailSpec[] = parsed.error.issues.map((i) =>
    isMissing(i)
      ? { violation: 'NOTNULL', field: lexPath(i.path), message: 'darf nicht leer sein' }
      : { violation: 'INVALID', field: lexPath(i.path), message: 'ungültiger Wert' },
  );
  throw validationFailed(request.url.split('?')[0] ?? request.url, details);
}

/** The `:id` of a route. */
export function idParam(request: FastifyRequest): string {
  const params = request.params as Record<string, unknown> | undefined;
  return typeof params?.id === 'string' ? params.id : '';
}

/** Query parameters as strings (the last one wins where a name repeats). */
export function queryOf(request: FastifyRequest): Record<string, string> {
  const raw = (request.query ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v.at(-1) === 'string') out[k] = v.at(-1) as string;
  }
  return out;
}

/** Search strings arrive HTML-encoded for `&`, `<`, `>` (notes §5.2). */
export function htmlDecode(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
