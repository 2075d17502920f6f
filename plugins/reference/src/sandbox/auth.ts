import { isSandboxAdminPath } from '@accounting-hub/connector-testkit/sandbox';
import type { FastifyInstance } from 'fastify';

/** Bearer API keys, as the tool checks them; the admin protocol stays open (it is test plumbing, not the tool). */
export function installBearerAuth(app: FastifyInstance, apiKey: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isSandboxAdminPath(request.url)) return;
    if (request.headers.authorization === `Bearer ${apiKey}`) return;
    const message = request.headers.authorization ? 'The API key is not valid' : 'An API key is required (Authorization: Bearer ...)';
    return reply.code(401).send({ error: { code: 'unauthorized', message } });
  });
}
