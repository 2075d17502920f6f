import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SevdeskApiError } from '../errors.js';
import type { SevdeskSandboxState } from '../state.js';
import type { SevdeskRequestValidator } from './validator.js';

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface RouteContext {
  app: FastifyInstance;
  validator: SevdeskRequestValidator;
  state: SevdeskSandboxState;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Registers an endpoint by its path in sevdesk's OpenAPI description and checks every request against that
 * operation (JSON body, query and path parameters) before the handler runs. A violation is answered as sevdesk
 * answers a malformed payload: 400 in its error envelope, naming the field (notes §2.2); and remembered, so that a
 * test can assert that the connector never sent one.
 */
export function documented(rc: RouteContext, method: Method, specPath: string, handler: Handler): void {
  if (!rc.validator.operation(method, specPath)) {
    throw new Error(`The sevdesk sandbox serves ${method} ${specPath}, which sevdesk's OpenAPI description does not have`);
  }
  rc.app.route({
    method,
    url: specPath.replace(/\{(\w+)\}/g, ':$1'),
    preHandler: async (request) => {
      const contentType = String(request.headers['content-type'] ?? '');
      const issues = rc.validator.validate({
        method,
        specPath,
        params: (request.params ?? {}) as Record<string, string>,
        query: (request.query ?? {}) as Record<string, string | string[] | undefined>,
        body: request.body,
        json: contentType === '' || contentType.includes('json'),
      });
      rc.state.openapi.checked += 1;
      if (issues.length === 0) return;
      rc.state.openapi.failures.push({ method, path: request.url.split('?')[0] ?? request.url, issues });
      const first = issues[0]!;
      throw new SevdeskApiError(400, `${first.field} ${first.message}`, null, issues.length > 1 ? { issues } : null);
    },
    handler,
  });
}

/**
 * An endpoint sevdesk serves but its description lacks (`/StaticCountry`, `/Category`, …; notes Appendix A:
 * "undocumented but used by clients"). Nothing to validate against; `why` says where it is known from.
 */
export function undocumented(rc: RouteContext, method: Method, path: string, why: string, handler: Handler): void {
  if (why.trim() === '') throw new Error(`say why ${path} exists`);
  rc.app.route({ method, url: path, handler });
}
