/**
 * A small typed client of the hub's REST API (shared/hub-api.md) over real HTTP, for the end-to-end tests. Every
 * call checks the status it expects and throws a HubApiError with the hub's answer otherwise.
 */
import { sleep } from './wait.js';

export class HubApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(method: string, path: string, status: number, body: unknown) {
    super(`${method} ${path} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`.slice(0, 4000));
    this.name = 'HubApiError';
    this.status = status;
    this.body = body;
  }
}

export interface HubResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Tenant {
  id: string;
  name: string;
  apiKey: string;
}

export type Mode = 'invoice' | 'voucher';
export type InvoiceStatusSetting = 'draft' | 'finalized' | 'finalized_and_sent';

export interface Settings {
  connector: string | null;
  mode: Mode;
  invoiceStatus: InvoiceStatusSetting;
  autoSync: boolean;
}

export interface ConnectionView {
  connector: string;
  status: 'active' | 'reauth_required' | 'error';
  account?: unknown;
  [key: string]: unknown;
}

export type InvoiceStatus = 'pending' | 'syncing' | 'booked' | 'failed' | 'resolved';

export interface RemoteRecord {
  connector: string;
  kind: 'invoice' | 'voucher' | 'credit_note' | string;
  id: string;
  number: string | null;
  status: string | null;
}

export interface StoredError {
  kind: string;
  message: string;
  field?: string;
  providerKey?: string;
  providerField?: string;
  httpStatus?: number;
  [key: string]: unknown;
}

export interface CancellationView {
  number: string;
  status: InvoiceStatus;
  remote: RemoteRecord | null;
  lastError: StoredError | null;
  [key: string]: unknown;
}

export interface InvoiceView {
  id: string;
  number: string;
  status: InvoiceStatus;
  attempts: number;
  bookedAt: string | null;
  lastError: StoredError | null;
  remote: RemoteRecord | null;
  cancellation: CancellationView | null;
  [key: string]: unknown;
}

export interface CallLogRow {
  id: string;
  at: string;
  tenantId: string;
  connector: string;
  invoiceId: string | null;
  operation: string | null;
  method: string;
  path: string;
  statusCode: number | null;
  durationMs: number;
  error: boolean;
  message: string | null;
  request: unknown;
  response: unknown;
}

export interface NotificationView {
  id: string;
  invoiceId: string | null;
  kind: string;
  message: string;
  state: 'open' | 'resolved';
  createdAt: string;
  resolvedAt: string | null;
  resolution: 'synced' | 'manual' | null;
}

export interface LogFilters {
  connector?: string;
  invoiceId?: string;
  errorsOnly?: boolean;
  from?: string;
  to?: string;
  tenantId?: string;
}

export interface WaitForStatusOptions {
  /** Also wait until the cancellation has one of these statuses. */
  cancellation?: InvoiceStatus[];
  /** Default 60 s. */
  timeoutMs?: number;
  intervalMs?: number;
}

export interface HubClient {
  readonly url: string;
  readonly token: string | undefined;
  /** The same hub with another bearer token (a tenant's API key, the admin token). */
  as(token: string | undefined): HubClient;
  /** Any call; answers status and parsed body without judging the status. */
  request<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HubResponse<T>>;
  health(): Promise<{ status: string }>;
  /** POST /v1/tenants (admin token) -> 201. */
  createTenant(name: string): Promise<Tenant>;
  /** PUT /v1/connections/{connector} -> 200 (the hub tested the credentials). */
  putConnection(connector: string, body: { credentials: Record<string, string>; options?: Record<string, unknown> }): Promise<ConnectionView>;
  /** PUT /v1/settings -> 200. */
  putSettings(settings: Partial<Settings> & { connector: string | null }): Promise<Settings>;
  /** PUT /v1/customers/{ref} -> 200. */
  putCustomer(ref: string, customer: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** POST /v1/invoices -> 202 (new) or 200 (the same number and body again). */
  createInvoice(body: unknown, options?: { idempotencyKey?: string }): Promise<{ id: string; status: InvoiceStatus }>;
  /** GET /v1/invoices/{id} -> 200. */
  getInvoice(id: string): Promise<InvoiceView>;
  /** GET /v1/invoices with filters, every page. */
  listInvoices(filters?: Record<string, string>): Promise<InvoiceView[]>;
  /** POST /v1/invoices/{id}/cancel -> 202. */
  cancelInvoice(id: string, body: unknown): Promise<unknown>;
  /** POST /v1/invoices/{id}/sync -> 202. */
  syncInvoice(id: string): Promise<unknown>;
  /** GET /v1/logs with filters, every page, oldest first (the API answers newest first). */
  logs(filters?: LogFilters): Promise<CallLogRow[]>;
  /** GET /v1/notifications. */
  notifications(state?: 'open' | 'resolved', tenantId?: string): Promise<NotificationView[]>;
  /** Polls GET /v1/invoices/{id} until its status is one of `statuses` (and the cancellation's, if asked). */
  waitForStatus(id: string, statuses: InvoiceStatus | InvoiceStatus[], options?: WaitForStatusOptions): Promise<InvoiceView>;
}

export function hubClient(url: string, token?: string): HubClient {
  const base = url.replace(/\/+$/, '');

  async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HubResponse<T>> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep the text
      }
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async function expectStatus<T>(method: string, path: string, expected: number[], body?: unknown, headers?: Record<string, string>): Promise<T> {
    const res = await request<T>(method, path, body, headers);
    if (!expected.includes(res.status)) throw new HubApiError(method, path, res.status, res.body);
    return res.body;
  }

  async function allPages<T>(path: string, query: URLSearchParams): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams(query);
      q.set('limit', '500');
      if (cursor) q.set('cursor', cursor);
      const page: { items: T[]; nextCursor: string | null } = await expectStatus('GET', `${path}?${q}`, [200]);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const client: HubClient = {
    url: base,
    token,
    as: (other) => hubClient(base, other),
    request,
    health: () => expectStatus('GET', '/health', [200]),
    createTenant: (name) => expectStatus('POST', '/v1/tenants', [201], { name }),
    putConnection: (connector, body) => expectStatus('PUT', `/v1/connections/${encodeURIComponent(connector)}`, [200], body),
    putSettings: (settings) => expectStatus('PUT', '/v1/settings', [200], settings),
    putCustomer: (ref, customer) => expectStatus('PUT', `/v1/customers/${encodeURIComponent(ref)}`, [200], customer),
    createInvoice: (body, options = {}) =>
      expectStatus('POST', '/v1/invoices', [200, 202], body, options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    getInvoice: (id) => expectStatus('GET', `/v1/invoices/${encodeURIComponent(id)}`, [200]),
    listInvoices: (filters = {}) => allPages('/v1/invoices', new URLSearchParams(filters)),
    cancelInvoice: (id, body) => expectStatus('POST', `/v1/invoices/${encodeURIComponent(id)}/cancel`, [202], body),
    syncInvoice: (id) => expectStatus('POST', `/v1/invoices/${encodeURIComponent(id)}/sync`, [202]),
    async logs(filters = {}) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value !== undefined) query.set(key, String(value));
      return (await allPages<CallLogRow>('/v1/logs', query)).reverse();
    },
    async notifications(state, tenantId) {
      const query = new URLSearchParams({ ...(state ? { state } : {}), ...(tenantId ? { tenantId } : {}) });
      const page: { items: NotificationView[] } = await expectStatus('GET', `/v1/notifications?${query}`, [200]);
      return page.items;
    },
    async waitForStatus(id, statuses, options = {}) {
      const wanted = Array.isArray(statuses) ? statuses : [statuses];
      const timeoutMs = options.timeoutMs ?? 60_000;
      const deadline = Date.now() + timeoutMs;
      let last: InvoiceView | undefined;
      for (;;) {
        last = await client.getInvoice(id);
        const cancelOk =
          !options.cancellation || (last.cancellation !== null && options.cancellation.includes(last.cancellation.status));
        if (wanted.includes(last.status) && cancelOk) return last;
        if (Date.now() > deadline) {
          const goal = `${wanted.join('|')}${options.cancellation ? ` (cancellation ${options.cancellation.join('|')})` : ''}`;
          throw new Error(`invoice ${id} did not reach ${goal} within ${timeoutMs} ms: ${JSON.stringify(last)}`);
        }
        await sleep(options.intervalMs ?? 100);
      }
    },
  };
  return client;
}

/** `client.waitForStatus(...)` as a function. */
export function waitForStatus(
  client: HubClient,
  id: string,
  statuses: InvoiceStatus | InvoiceStatus[],
  options?: WaitForStatusOptions,
): Promise<InvoiceView> {
  return client.waitForStatus(id, statuses, options);
}
