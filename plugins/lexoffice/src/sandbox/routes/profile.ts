import type { FastifyInstance } from 'fastify';
import { callerOf, requireScope } from '../caller.js';
import { POSTING_CATEGORY_DATA } from '../posting-category-data.js';
import type { LexofficeState } from '../state.js';

/** `GET /v1/profile` (notes §11) and `GET /v1/posting-categories` (notes §9, no scope needed). */
export async function accountRoutes(app: FastifyInstance, opts: { state: LexofficeState; createdAt: string }): Promise<void> {
  const { state } = opts;
  app.get('/profile', async (request) => {
    requireScope(request, 'profile.read');
    const caller = callerOf(request);
    const org = state.organization;
    return {
      organizationId: org.id,
      companyName: org.companyName,
      created: { userId: org.id, userName: 'Frau Erika Musterfrau', userEmail: 'erika.musterfrau@example.com', date: opts.createdAt },
      // Partner connections have an id (lexoffice's `token.revoked` event names it). UNCERTAIN for API keys: omitted.
      ...(caller.kind === 'oauth' ? { connectionId: caller.connection.id } : {}),
      features: ['cashbox'],
      businessFeatures: org.businessFeatures,
      subscriptionStatus: 'active',
      taxType: org.taxType,
      smallBusiness: org.smallBusiness,
    };
  });

  app.get('/posting-categories', async () =>
    POSTING_CATEGORY_DATA.map((c) => ({
      id: c.id,
      name: c.name,
      type: c.type,
      contactRequired: c.contactRequired,
      splitAllowed: c.splitAllowed,
      groupName: c.groupName,
    })),
  );
}
