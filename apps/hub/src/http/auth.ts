import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { HubError } from '../errors/hub-error.js';
import { apiKeyPrefix, isWellFormedApiKey, verifyApiKey } from '../security/api-keys.js';
import type { Access, Principal, TenantRecord } from './principal.js';

export interface AuthOptions {
  pool: pg.Pool;
  /** The admin bearer token; undefined disables the admin API. */
  adminToken: string | undefined;
}

const unauthorized = (message: string) => new HubError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HubError(403, 'forbidden', message);

interface TenantRow {
  id: string;
  name: string;
  api_key_hash: string;
  connector: string | null;
  mode: TenantRecord['mode'];
  invoice_status: TenantRecord['invoiceStatus'];
  auto_sync: boolean;
  created_at: string;
}

/**
 * Bearer authentication for every route (fastify-plugin, so the decorator and hook reach all routes):
 * the admin token (constant-time compare) -> `{ kind: 'admin' }`; a tenant API key (found by its prefix, verified
 * against the stored hash) -> `{ kind: 'tenant', tenant }`; anything else 401. Each route declares who may call it
 * in `config.access` (see principal.ts); a /v1 route without one fails at start, so none is open by accident.
 */
export const authPlugin = fp<AuthOptions>(
  async (app: FastifyInstance, opts: AuthOptions) => {
    const admin = opts.adminToken ? Buffer.from(opts.adminToken, 'utf8') : undefined;
    const isAdminToken = (token: string): boolean => {
      if (!admin) return false;
      const given = Buffer.from(token, 'utf8');
      return given.length === admin.length && timingSafeEqual(given, admin);
    };

    const findTenant = async (token: string): Promise<TenantRecord | null> => {
      if (!isWellFormedApiKey(token)) return null;
      const res = await opts.pool.query<TenantRow>(
        `select id, name, api_key_hash, connector, mode, invoice_status, auto_sync, created_at
         from tenant where api_key_prefix = $1`,
        [apiKeyPrefix(token)],
      );
      const row = res.rows[0];
      if (!row || !verifyApiKey(token, row.api_key_hash)) return null;
      return {
        id: row.id,
        name: row.name,
        connector: row.connector,
        mode: row.mode,
        invoiceStatus: row.invoice_status,
        autoSync: row.auto_sync,
        createdAt: row.created_at,
      };
    };

    app.decorateRequest('principal', null);

    app.addHook('onRoute', (route) => {
      const url = route.url ?? route.path;
      if (url.startsWith('/v1') && !route.config?.access) {
        throw new Error(`route ${route.method} ${url} declares no config.access`);
      }
    });

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const access: Access = request.routeOptions.config?.access ?? 'public';
      if (access === 'public') return;
      const header = request.headers.authorization;
      if (!header) throw unauthorized('Send Authorization: Bearer <token> (a tenant API key or the admin token).');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
      const token = match[1]!;
      let principal: Principal | null = null;
      if (isAdminToken(token)) principal = { kind: 'admin' };
      else {
        const tenant = await findTenant(token);
        if (tenant) principal = { kind: 'tenant', tenant };
      }
      if (!principal) throw unauthorized('The bearer token is not a valid API key.');
      request.principal = principal;
      if (access === 'admin' && principal.kind !== 'admin') throw forbidden('Only the admin token may call this route.');
      if (access === 'tenant' && principal.kind !== 'tenant') {
        throw forbidden("This route acts for one tenant: call it with the tenant's API key, not the admin token.");
      }
    });
  },
  { name: 'hub-auth' },
);

/** The calling tenant; only for routes with access `tenant` (the hook guarantees it). */
export function tenantOf(request: FastifyRequest): TenantRecord {
  const p = request.principal;
  if (p?.kind !== 'tenant') throw forbidden("This route acts for one tenant: call it with the tenant's API key.");
  return p.tenant;
}

/**
 * Which tenant's data a read route shows: a tenant always its own (a `tenantId` naming another tenant is refused);
 * the admin every tenant's, or the one named by `tenantId`.
 */
export function readScope(request: FastifyRequest, tenantId: string | undefined): string | null {
  const p = request.principal;
  if (p?.kind === 'tenant') {
    if (tenantId !== undefined && tenantId !== p.tenant.id) throw forbidden('tenantId is an admin filter: a tenant sees only its own data.');
    return p.tenant.id;
  }
  if (p?.kind === 'admin') return tenantId ?? null;
  throw unauthorized('Not authenticated.');
}
