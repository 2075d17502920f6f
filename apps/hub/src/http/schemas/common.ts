import { z } from 'zod';

/** The contract's error body: `{ "error": { "code", "message", "details": [{ "path", "message" }] } }`. */
export const errorBody = z
  .object({
    error: z.looseObject({
      code: z.string().describe('Machine-readable, e.g. invalid_request, not_found, duplicate_number'),
      message: z.string().describe('One human sentence'),
      details: z
        .array(z.object({ path: z.string().describe('Dot path of the field, e.g. lines.0.taxRate'), message: z.string() }))
        .describe('One entry per offending field (may be empty)'),
      requestId: z.string().optional().describe('Only on 500: quote it to support, the log has the cause'),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBody>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: bad JSON, or a field failed validation (`details` names each field)',
  401: 'Missing or unknown bearer token',
  403: 'The token may not use this route (admin vs. tenant)',
  404: 'No such resource for this tenant',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Content-Type is not application/json',
  422: 'Well-formed, but refused (e.g. unknown connector, unsupported setting, provider refused credentials)',
  500: 'Internal error (logged; the body carries a requestId)',
  503: 'Not ready',
};

/** Error responses of a route for the OpenAPI document (401 and 500 are added to every authenticated route). */
export function errorResponses(...codes: number[]): Record<number, ErrorResponse> {
  const out: Record<number, ErrorResponse> = {};
  for (const code of codes) {
    out[code] = { description: ERROR_DESCRIPTIONS[code] ?? 'Error', content: { 'application/json': { schema: errorBody } } };
  }
  return out;
}

export interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: typeof errorBody } };
}

export const uuid = z.uuid('expected a UUID');
export const idParams = z.strictObject({ id: uuid });

/** List conventions: `limit` (default 50, max 500) and an opaque `cursor`. */
export const pageQuery = {
  limit: z.coerce
    .number({ error: 'limit must be a whole number from 1 to 500' })
    .int('limit must be a whole number from 1 to 500')
    .min(1, 'limit must be a whole number from 1 to 500')
    .max(500, 'limit must be a whole number from 1 to 500')
    .default(50)
    .describe('Page size, 1-500 (default 50)'),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
};

export const nextCursor = z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page');

/** `true`/`false` in a query string. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** An ISO timestamp in an answer (UTC). */
export const timestamp = z.string().describe('ISO 8601 timestamp, UTC');
export const isoDateOut = z.string().describe('YYYY-MM-DD');

/** An error as the hub keeps it on an invoice, a cancellation or a connection. */
export const storedError = z
  .object({
    kind: z.string().describe('auth, validation, conflict, rate_limited, transient, uncertain, unsupported or internal'),
    message: z.string(),
    field: z.string().optional(),
    providerField: z.string().optional(),
    providerKey: z.string().optional(),
    httpStatus: z.number().optional(),
    retryAfterMs: z.number().optional(),
    at: z.string().optional(),
  })
  .meta({ id: 'StoredError' });

export const tenantIdFilter = uuid.optional().describe('Admin only: one tenant\'s data (default: every tenant)');
