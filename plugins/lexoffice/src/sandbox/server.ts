import { randomBytes, randomUUID } from 'node:crypto';
import {
  FaultInjector,
  type HttpSandboxControl,
  SandboxCounters,
  httpSandboxControl,
  sandboxAdminRoutes,
} from '@accounting-hub/connector-testkit/sandbox';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { OAUTH_SCOPES } from '../manifest.js';
import { installBearerAuth } from './caller.js';
import { berlinTimestamp } from './clock.js';
import { installErrorHandling } from './http-errors.js';
import { oauthRoutes } from './oauth/routes.js';
import { type OAuthClient, OAuthStore } from './oauth/store.js';
import { ClientBuckets, installRateLimit } from './rate-limit.js';
import { lexofficeAdminRoutes } from './routes/admin.js';
import { contactRoutes } from './routes/contacts.js';
import { creditNoteRoutes } from './routes/credit-notes.js';
import { MAX_FILE_BYTES, fileRoutes } from './routes/files.js';
import { invoiceRoutes } from './routes/invoices.js';
import { accountRoutes } from './routes/profile.js';
import { voucherlistRoutes } from './routes/voucherlist.js';
import { voucherRoutes } from './routes/vouchers.js';
import { LexofficeState, type Organization } from './state.js';

export interface SandboxOAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Scopes enabled for the client; default: everything the connector asks for plus a few more. */
  scopes?: string[];
}

export interface LexofficeSandboxOptions {
  /** The account's private API key; random (48 characters) when absent. */
  apiKey?: string;
  /** Partner clients; one is made up when absent (its redirect URIs are the hub's default callback). */
  oauthClients?: SandboxOAuthClient[];
  /** lexoffice's limit per client: 2 requests/s (notes §2). Raise it only for tests that are not about the limit. */
  requestsPerSecond?: number;
  /** true (default): GET /oauth2/authorize approves at once; false: it shows the "Zugriff erlauben" page. */
  autoConsent?: boolean;
  /** Default 14399, as lexoffice's token answer says. */
  accessTokenTtlSeconds?: number;
  /** How a stale contact version is answered: 409 (documented, default) or 406 (seen by one client). */
  staleVersionStatus?: 409 | 406;
  /** The account's "E-Rechnung" setting: whether XML files may be uploaded. Default false. */
  eInvoiceEnabled?: boolean;
  organization?: Partial<Organization>;
  /** Default 0 (any free port). */
  port?: number;
  host?: string;
}

export interface LexofficeSandbox {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>`: the API (`/v1`) and the authorization server (`/oauth2`) both live here. */
  url: string;
  apiKey: string;
  /** The first partner client. */
  oauthClient: OAuthClient;
  control: HttpSandboxControl;
  /** What the sandbox holds, for in-process tests. */
  state: LexofficeState;
  oauth: OAuthStore;
  close: () => Promise<void>;
}

/** The hub's OAuth callback with its default port (apps/hub: PORT 3000, `GET /v1/oauth/{connector}/callback`). */
export const DEFAULT_REDIRECT_URIS = [
  'http://127.0.0.1:3000/v1/oauth/lexoffice/callback',
  'http://localhost:3000/v1/oauth/lexoffice/callback',
];
const CLIENT_SCOPES = [...OAUTH_SCOPES, 'files.read', 'payments.read', 'transaction-assignment-hint.write'];

/**
 * Starts a sandbox of the lexoffice API and its OAuth2 authorization server on one port, with the testkit's
 * admin protocol under /__sandbox. Point the connector's `baseUrl` and `authBaseUrl` both at `url`.
 */
export async function createLexofficeSandbox(opts: LexofficeSandboxOptions = {}): Promise<LexofficeSandbox> {
  const apiKey = opts.apiKey ?? `lxo_sandbox_${randomBytes(18).toString('hex')}`;
  const rps = opts.requestsPerSecond ?? 2;
  const state = new LexofficeState(opts.organization);
  const counters = new SandboxCounters();
  const buckets = new ClientBuckets(rps);
  const oauth = new OAuthStore(opts.accessTokenTtlSeconds ?? 14399);
  const clients = opts.oauthClients ?? [
    { clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url'), redirectUris: DEFAULT_REDIRECT_URIS },
  ];
  for (const c of clients) oauth.addClient({ ...c, scopes: c.scopes ?? CLIENT_SCOPES, active: true });
  const createdAt = berlinTimestamp(new Date());

  // JSON bodies up to 8 MB: lexoffice's limits are per field; files go through multipart with their own cap.
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  installErrorHandling(app);
  // Injected faults first (a proxy in front of lexoffice), then the gateway's auth and rate limit under /v1.
  sandboxAdminRoutes(app, {
    faults: new FaultInjector(),
    counters,
    // Forgets the account's data and the rate-limit buckets; partner clients and live OAuth connections stay,
    // like an app installed in lexoffice outlives its documents.
    reset: () => {
      state.reset();
      buckets.reset();
    },
    documents: () => state.sandboxDocuments(),
    customers: () => state.sandboxCustomers(),
  });
  lexofficeAdminRoutes(app, { state, oauth, defaultScopes: CLIENT_SCOPES });
  await app.register(oauthRoutes, { prefix: '/oauth2', store: oauth, autoConsent: opts.autoConsent ?? true });
  await app.register(
    async (api) => {
      installBearerAuth(api, apiKey, oauth);
      installRateLimit(api, buckets, counters);
      await api.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } });
      await api.register(accountRoutes, { state, createdAt });
      await api.register(contactRoutes, { state, staleVersionStatus: opts.staleVersionStatus ?? 409 });
      await api.register(invoiceRoutes, { state });
      await api.register(creditNoteRoutes, { state });
      await api.register(voucherRoutes, { state });
      await api.register(fileRoutes, { state, eInvoiceEnabled: opts.eInvoiceEnabled ?? false });
      await api.register(voucherlistRoutes, { state });
    },
    { prefix: '/v1' },
  );

  const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const first = oauth.clients.values().next().value;
  if (!first) throw new Error('the lexoffice sandbox needs at least one OAuth client');
  return { app, url, apiKey, oauthClient: first, control: httpSandboxControl(url), state, oauth, close: () => app.close() };
}
