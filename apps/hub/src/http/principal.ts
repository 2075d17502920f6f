/** Who is calling: the admin (support) or one tenant, decided by the bearer token (see auth.ts). */

/** The tenant row as the HTTP layer needs it, read fresh on every request (settings included). */
export interface TenantRecord {
  id: string;
  name: string;
  connector: string | null;
  mode: 'invoice' | 'voucher';
  invoiceStatus: 'draft' | 'finalized' | 'finalized_and_sent';
  autoSync: boolean;
  /** PostgreSQL's text of the timestamp (informational). */
  createdAt: string;
}

export type Principal = { kind: 'admin' } | { kind: 'tenant'; tenant: TenantRecord };

/**
 * Who may call a route:
 * - `public`: no token (health, docs, the OAuth callback the provider redirects the browser to);
 * - `admin`: the admin token only (tenants get 403);
 * - `tenant`: a tenant key only (the admin gets 403: the route acts for one tenant);
 * - `any`: either; tenant routes the admin may read take a `tenantId` filter.
 */
export type Access = 'public' | 'admin' | 'tenant' | 'any';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}
