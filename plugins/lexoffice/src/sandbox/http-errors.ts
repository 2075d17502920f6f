import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { berlinTimestamp } from './clock.js';

/** An answer of the lexoffice API that is not a success, in one of lexoffice's error shapes. */
export class LexError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`lexoffice ${status}`);
    this.name = 'LexError';
  }
}

export interface IssueSpec {
  i18nKey: string;
  source: string | null;
  type?: 'validation_failure' | 'bad_request_error' | 'technical_error';
  args?: unknown[] | null;
}

/**
 * The legacy shape of contacts, files and vouchers (notes §3.2), with the `requestId` real answers carry.
 * The SEMCO log prints `issueList` and `validation failure`; the docs say `IssueList` and `validation_failure`,
 * which is what this sends (clients should match case-insensitively either way).
 */
export function issueList(status: number, issues: IssueSpec[]): LexError {
  return new LexError(status, {
    requestId: randomUUID(),
    IssueList: issues.map((i) => ({
      i18nKey: i.i18nKey,
      source: i.source,
      type: i.type ?? 'validation_failure',
      additionalData: null,
      args: i.args ?? null,
    })),
  });
}

export interface DetailSpec {
  violation: string;
  field: string;
  message: string;
}

/** The regular shape of invoices, credit notes, profile, voucherlist (notes §3.3). Messages are German, as there. */
export function regularError(status: number, path: string, message: string, details?: DetailSpec[]): LexError {
  return new LexError(status, {
    timestamp: berlinTimestamp(new Date()),
    status,
    error: STATUS_CODES[status] ?? 'Error',
    path,
    traceId: randomBytes(8).toString('hex'),
    message,
    ...(details ? { details } : {}),
  });
}

export function validationFailed(path: string, details: DetailSpec[]): LexError {
  return regularError(406, path, 'Validation failed for request. Please see details list for specific causes.', details);
}

/** The API gateway's own answers (notes §3.1): `{"message": "..."}`, no envelope from the service. */
export function gatewayError(status: number, message: string | null): LexError {
  return new LexError(status, { message });
}

export const unauthorized = () => gatewayError(401, 'Unauthorized');

function fastifyCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;
}

/** Every error leaves the sandbox in a lexoffice shape, Fastify's own included (bad JSON, unknown media type). */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | LexError, request, reply) => {
    if (error instanceof LexError) return reply.code(error.status).headers(error.headers).send(error.body);
    const code = fastifyCode(error);
    const path = request.url.split('?')[0] ?? request.url;
    // UNCERTAIN: lexoffice's answer to a file over 5 MB; a 406 IssueList like its other file refusals.
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      const e = issueList(406, [{ i18nKey: 'file_too_large', source: 'file', args: ['5MB'] }]);
      return reply.code(e.status).send(e.body);
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const e = regularError(415, path, `Content type '${request.headers['content-type'] ?? ''}' not supported`);
      return reply.code(e.status).send(e.body);
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      const e = regularError(status, path, error.message);
      return reply.code(e.status).send(e.body);
    }
    request.log.error({ err: error }, 'sandbox internal error');
    return reply.code(500).send({ message: null });
  });
  // The gateway answers unknown paths and methods itself (AWS style, notes §3.1). UNCERTAIN: the exact text.
  app.setNotFoundHandler((_request, reply) => reply.code(403).send({ message: 'Missing Authentication Token' }));
}
