import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * sevdesk's error body (notes §2.1): `{"objects": null, "error": {message, code, data, responseCode,
 * exceptionUUID}}`. `code` is sevdesk's own number (151 not found, 159 not deletable, 421 already cancelled, …)
 * or null, as it often is.
 */
export function errorBody(status: number, message: string, code: number | null = null, data: unknown = null) {
  return { objects: null, error: { message, code, data, responseCode: status, exceptionUUID: randomUUID() } };
}

/** A refusal a route throws; the error handler answers it in sevdesk's shape. */
export class SevdeskApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: number | null = null,
    readonly data: unknown = null,
  ) {
    super(message);
    this.name = 'SevdeskApiError';
  }
}

export const notFound = (model: string, id: string | number) =>
  new SevdeskApiError(404, `No Model_${model} with the id ${id} was found`, 151);

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SevdeskApiError, _request, reply) => {
    if (error instanceof SevdeskApiError) {
      return reply.code(error.status).send(errorBody(error.status, error.message, error.code, error.data));
    }
    // Unparsable JSON and the like: sevdesk answers malformed payloads with 400 (notes §2.2).
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send(errorBody(status, status === 500 ? 'Internal server error' : error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, `Unknown resource ${request.method} ${request.url.split('?')[0]}`));
  });
}
