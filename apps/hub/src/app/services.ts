/**
 * The seams between the hub's layers. The HTTP routes, the connection layer and the sync engine each implement
 * or consume these; the container wires the implementations (see app/container.ts).
 */
import type { AnyConnector, ConnectorContext, ConnectorError, ConnectorErrorJson } from '@accounting-hub/core';
import type { Connection } from '../db/entities/connection.js';
import type { Notification } from '../db/entities/notification.js';
import type { Tenant } from '../db/entities/tenant.js';
import type { ConnectionAccount, StoredError, UnavailableCapabilities } from '../db/entities/shapes.js';

/** The connectors this hub loaded: the workspace's own plus npm packages named in HUB_CONNECTORS. */
export interface ConnectorRegistry {
  list(): AnyConnector[];
  get(id: string): AnyConnector | undefined;
  /** Throws HubError 404 `unknown_connector` naming the id and the ones that exist. */
  require(id: string): AnyConnector;
}

/** A connection as the API shows it (`GET /v1/connections`). */
export interface ConnectionView {
  connector: string;
  authKind: 'oauth2' | 'api_token';
  status: 'active' | 'reauth_required' | 'error';
  authenticatedAt: string | null;
  /** The date by which the tenant must authorize again (API key or refresh token expiry). */
  reauthBy: string | null;
  lastError: StoredError | null;
  account: ConnectionAccount | null;
  unavailable: UnavailableCapabilities | null;
}

export type ConnectionTestResult =
  | { ok: true; account: ConnectionAccount; checkedAt: string }
  | { ok: false; error: ConnectorErrorJson; checkedAt: string };

/** A tenant's usable connection, ready for one job: fresh auth, shared rate limit, calls recorded. */
export interface OpenedConnection {
  connector: AnyConnector;
  connection: Connection;
  ctx: ConnectorContext;
}

export interface OpenConnectionArgs {
  tenantId: string;
  connectorId: string;
  /** Call records of this job are tagged with it. */
  invoiceId: string | null;
  /** Beyond this wait for a rate-limit token the client throws rate_limited instead of sleeping (job deferral). */
  maxRateLimitWaitMs?: number;
  signal?: AbortSignal;
}

export interface ConnectionService {
  /** Tests the credentials at once; stores them (encrypted) only when the test passes. HubError 422 otherwise. */
  connect(tenant: Tenant, connectorId: string, input: { credentials: unknown; options?: unknown }): Promise<ConnectionView>;
  list(tenant: Tenant): Promise<ConnectionView[]>;
  test(tenant: Tenant, connectorId: string): Promise<ConnectionTestResult>;
  /** Revokes tokens where the provider allows it, then deletes the connection. HubError 404 when none. */
  disconnect(tenant: Tenant, connectorId: string): Promise<void>;
  /** The provider's consent URL (PKCE S256, state bound to the tenant, stored for the callback). */
  startAuthorization(tenant: Tenant, connectorId: string, input: { redirectTo?: string; options?: unknown }): Promise<{ url: string }>;
  /** Exchanges the code, stores the tokens, tests the connection. HubError 400 on a bad or expired state. */
  completeAuthorization(
    connectorId: string,
    query: { code?: string; state?: string; error?: string; error_description?: string },
  ): Promise<{ tenantId: string; redirectTo: string | null }>;
  /**
   * The sync engine's door. Throws ConnectorError `auth` when the tenant has no usable connection for the
   * connector (missing, reauth_required), and refreshes OAuth tokens that are about to expire (single-flight).
   */
  open(args: OpenConnectionArgs): Promise<OpenedConnection>;
  /**
   * The tool refused the auth mid-job. OAuth: refresh once (single-flight) and answer 'refreshed' so the caller
   * retries; when that fails or for API keys: mark the connection reauth_required, open a `reauth_required`
   * notification, answer 'reauth_required'.
   */
  handleAuthFailure(connectionId: string, error: ConnectorError): Promise<'refreshed' | 'reauth_required'>;
  /** Refreshes the OAuth tokens of every connection expiring within `withinMs` (the sweep). Returns how many. */
  refreshExpiring(withinMs: number): Promise<number>;
}

export type NotificationKind = 'sync_failed' | 'cancel_failed' | 'reauth_required';

export interface NotificationService {
  /** Opens the invoice's notification of this kind, or updates the open one (one per invoice and kind). */
  openForInvoice(args: {
    tenantId: string;
    invoiceId: string;
    connector: string | null;
    kind: 'sync_failed' | 'cancel_failed';
    message: string;
    details: Record<string, unknown>;
  }): Promise<void>;
  /** Opens (or updates) the connection's `reauth_required` notification. */
  openForConnection(args: { tenantId: string; connector: string; message: string; details: Record<string, unknown> }): Promise<void>;
  /** A successful sync resolves the invoice's open notifications of these kinds with `synced`. */
  resolveForInvoice(invoiceId: string, kinds: ('sync_failed' | 'cancel_failed')[]): Promise<void>;
  /** A reconnect resolves the connection's open `reauth_required` notification with `synced`. */
  resolveForConnection(tenantId: string, connector: string): Promise<void>;
  /** The tenant handled it outside the hub: resolved `manual`, its invoice becomes `resolved`. HubError 404/409. */
  resolveManually(tenantId: string, notificationId: string): Promise<Notification>;
}

/** Runs SQL on the caller's open transaction, so a job is queued atomically with the row that needs it. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface SyncService {
  /**
   * Queues booking ('book') or cancellation ('cancel') of an invoice. With `db`, the job is written inside the
   * caller's transaction (intake: the invoice and its job commit together). Duplicates collapse per invoice.
   */
  enqueue(args: { tenantId: string; invoiceId: string; op: 'book' | 'cancel'; priority?: number; db?: SqlExecutor }): Promise<void>;
  /** POST /v1/invoices/{id}/sync: book again now with the current master data. HubError 404/409. */
  resync(tenantId: string, invoiceId: string): Promise<void>;
  /** POST /v1/sync/backfill: queues every invoice in the date range not booked yet; answers how many. */
  backfill(tenantId: string, range: { from: string; to: string; status?: 'pending' | 'failed' }): Promise<number>;
}
