import type { FastifyInstance } from 'fastify';

export const SANDBOX_ACCOUNT = { id: 'acc_reference', name: 'Reference Books Demo GmbH', plan: 'unlimited' } as const;

export function accountRoutes(app: FastifyInstance): void {
  app.get('/v1/account', async () => SANDBOX_ACCOUNT);
}
