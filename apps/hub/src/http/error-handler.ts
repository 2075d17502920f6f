import { isConnectorError } from '@accounting-hub/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorDetail, HubError } from '../errors/hub-error.js';
import type { ErrorBody } from './schemas/common.js';

const CONTEXT_NAMES: Record<string, string> = {
  body: 'request body',
  querystring: 'query string',
  params: 'path parameters',
  headers: 'request headers',
};

/** zod issues as the contract's details: `lines.0.taxRate`, `customer.companyName` (no `body.` prefix). */
export function validationDetails(validation: readonly { instancePath: string; message?: string; keyword?: string; params?: unknown }[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of validation) {
    const base = issue.instancePath.split('/').filter(Boolean).map(decodePointer);
    const params = (issue.params ?? {}) as { keys?: unknown };
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
      for (const key of params.keys) details.push({ path: [...base, String(key)].join('.'), message: 'unknown field' });
      continue;
    }
    details.push({ path: base.join('.'), message: issue.message ?? 'invalid' });
  }
  return details;
}

const decodePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

function body(code: string, message: string, details: ErrorDetail[] = [], extra: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, details, ...extra } };
}

/** The contract's error body for anything a route throws; unknown errors become a 500 that leaks nothing. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const [status, payload] = toErrorResponse(error, request);
    if (status >= 500) {
      request.log.error({ err: error, reqId: request.id, method: request.method, url: request.url }, 'request failed');
    }
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.code(status).type('application/json; charset=utf-8').send(payload);
  });

  app.setNotFoundHandler((request, reply) => {
    return reply
      .code(404)
      .send(body('not_found', `No route ${request.method} ${request.url.split('?')[0]}. See /openapi.json for the routes.`));
  });
}

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a path that is no valid percent-encoding, a path
 * parameter over `maxParamLength`) in the contract's error body instead of Fastify's default one.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, payload] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, body('uri_too_long', 'A path parameter is too long.')]
      : [400, body('invalid_request', 'The URL is not valid (a path segment is no valid percent-encoding).')];
  void reply.code(status).type('application/json; charset=utf-8').send(payload);
}

function toErrorResponse(error: FastifyError, request: FastifyRequest): [number, ErrorBody] {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = CONTEXT_NAMES[error.validationContext ?? 'body'] ?? 'request';
    const details = validationDetails(error.validation);
    const first = details[0];
    const summary = first ? ` (${first.path ? `${first.path}: ` : ''}${first.message}${details.length > 1 ? `, and ${details.length - 1} more` : ''})` : '';
    return [400, body('invalid_request', `The ${where} is invalid${summary}.`, details)];
  }
  if (error instanceof HubError) {
    return [error.statusCode, body(error.code, error.message, error.details, error.extra)];
  }
  if (isConnectorError(error)) {
    // A provider's answer that escaped a service: the tool refused or failed, not the hub.
    return [502, body('provider_error', error.message, error.field ? [{ path: error.field, message: error.message }] : [], { provider: error.toJSON() })];
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return [400, body('invalid_json', 'The request body is not valid JSON.')];
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [400, body('invalid_json', 'The request body is empty but Content-Type says application/json.')];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return [
        415,
        body('unsupported_media_type', `Content-Type ${request.headers['content-type'] ?? '(none)'} is not supported: send application/json.`),
      ];
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return [413, body('payload_too_large', 'The request body is too large.')];
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return [400, body('invalid_request', 'Content-Length does not match the body.')];
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return [400, body('invalid_json', 'The request body is not valid JSON.')];
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad URL, prototype poisoning, ...): their message is meant for the client.
    return [status, body(status === 404 ? 'not_found' : 'invalid_request', error.message)];
  }
  return [500, body('internal', 'An internal error occurred.', [], { requestId: String(request.id) })];
}
