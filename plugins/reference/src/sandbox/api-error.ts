import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';

/** An answer of the Reference Books API that is not a success: `{ error: { code, message, field? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get body() {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/** Parses `value` or throws the tool's 422 naming the first offending field, the way a strict API answers. */
export function parseWire<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  throw new ApiError(422, 'validation_failed', issue?.message ?? 'invalid request', field);
}

/** Every error leaves the sandbox in the tool's error shape, including Fastify's own (bad JSON, 404 routes). */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, _request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.status).headers(error.headers).send(error.body);
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    const code = status === 413 ? 'payload_too_large' : status < 500 ? 'bad_request' : 'internal_error';
    return reply.code(status).send({ error: { code, message: status < 500 ? error.message : 'Internal error' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}` } }),
  );
}
