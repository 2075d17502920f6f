import { isSandboxAdminPath } from '@accounting-hub/connector-testkit/sandbox';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

/**
 * `Authorization: <token>`, the raw token (sevdesk's scheme, notes §1.1). The `?token=` query parameter of older
 * spec revisions is still accepted, as sevdesk does for old code. "Bearer <token>" is refused: UNCERTAIN whether
 * sevdesk strips the prefix; refusing it keeps a connector from relying on that. The 401 body's shape was never
 * captured (notes §2.2, UNCERTAIN): the sandbox uses sevdesk's usual error envelope.
 */
export function installTokenAuth(app: FastifyInstance, apiToken: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isSandboxAdminPath(request.url)) return;
    const header = request.headers.authorization;
    const query = (request.query as Record<string, unknown> | undefined)?.token;
    const given = typeof header === 'string' ? header.trim() : typeof query === 'string' ? query : undefined;
    if (given === apiToken) return;
    return reply.code(401).send(errorBody(401, 'Authentication required'));
  });
}
