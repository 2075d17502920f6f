/**
 * The isolation matrix (issue 7): every route that takes an id, generated from the app's own route table, called
 * by a second tenant, by the admin and by the owner.
 *
 * The routes come from Fastify itself (an `onRoute` hook on a second app built on the same runtime, HEAD routes
 * included) and are cross-checked against the OpenAPI document; a /v1 route with a path parameter that
 * `MATRIX` does not classify fails the test, so a new route with an `{id}` is covered or the build is red.
 *
 * Tenant A owns one of everything (connection, customer, booked and pending invoice, notification, call log
 * rows). For each route:
 * - `owned` (the parameter names A's resource): tenant B gets 404 and nothing of A's changes; the admin gets 403
 *   on tenant routes and A's resource on routes the contract lets it read (`access: any`); A itself gets its
 *   2xx (the positive control: B's 404 is the scoping, not a missing resource).
 * - `namespace` (the parameter names a slot in the caller's own namespace: connect a connector, store a
 *   customer under a ref, start an OAuth authorization): B acting there touches only B's rows, never A's.
 * - `state` (the OAuth callback is public; the single-use `state` names the tenant): an unknown state is
 *   refused and changes nothing, whoever's token comes along.
 * Then every list the admin reads with `tenantId` (found by that query parameter in the OpenAPI document):
 * the admin sees A's items with `tenantId=A` and none of them with `tenantId=B`; B asking for `tenantId=A`
 * gets 403; B's own list holds nothing of A's.
 */
import { createReferenceSandbox, type ReferenceSandbox } from '@accounting-hub/connector-reference';
import { samplePdfDocument } from '@accounting-hub/core/seeds';
import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, invoiceBody, startTestHub, type TestHub, type TestTenant, sampleCallRecord } from '../testing/test-hub.js';
import { buildApp } from './app.js';
import type { Access } from './principal.js';

type Scope = 'owned' | 'namespace' | 'state';

interface Resources {
  hub: TestHub;
  reference: ReferenceSandbox;
  a: TestTenant;
  b: TestTenant;
  bookedInvoiceId: string;
  pendingInvoiceId: string;
  notificationId: string;
  customerRef: string;
}

interface MatrixEntry {
  scope: Scope;
  /** The URL with A's resource in it. */
  url: (r: Resources) => string;
  body?: (r: Resources) => unknown;
  /** What A itself gets (run last, in MATRIX order: the destructive ones at the end). */
  owner?: number;
  /** What B gets on a `namespace` route (its own slot). */
  other?: number;
}

const connectBody = (r: Resources) => ({ credentials: { apiKey: r.reference.apiKey }, options: { baseUrl: r.reference.url } });
const cancelBody = { number: 'ISO-ST-1', date: '2024-04-01', document: samplePdfDocument('st.pdf', 'Storno') };

/**
 * Every /v1 route with a path parameter, by `METHOD path` as Fastify registers it. Keep the order: owner
 * controls run in it, and the last ones (cancel, resolve, disconnect) change A's data.
 */
const MATRIX: Record<string, MatrixEntry> = {
  'GET /v1/invoices/:id': { scope: 'owned', url: (r) => `/v1/invoices/${r.bookedInvoiceId}`, owner: 200 },
  'HEAD /v1/invoices/:id': { scope: 'owned', url: (r) => `/v1/invoices/${r.bookedInvoiceId}`, owner: 200 },
  'GET /v1/customers/:ref': { scope: 'owned', url: (r) => `/v1/customers/${r.customerRef}`, owner: 200 },
  'HEAD /v1/customers/:ref': { scope: 'owned', url: (r) => `/v1/customers/${r.customerRef}`, owner: 200 },
  'PATCH /v1/customers/:ref': { scope: 'owned', url: (r) => `/v1/customers/${r.customerRef}`, body: () => ({ syncDisabled: true }), owner: 200 },
  'PUT /v1/customers/:ref': {
    scope: 'namespace',
    url: (r) => `/v1/customers/${r.customerRef}`,
    body: () => ({ type: 'person', lastName: 'Eindringling' }),
    owner: 200,
    other: 200,
  },
  'POST /v1/connections/:connector/test': { scope: 'owned', url: () => '/v1/connections/reference/test', owner: 200 },
  'PUT /v1/connections/:connector': { scope: 'namespace', url: () => '/v1/connections/reference', body: connectBody, owner: 200, other: 200 },
  'GET /v1/connections/:connector/authorize': { scope: 'namespace', url: () => '/v1/connections/lexoffice/authorize', owner: 302, other: 302 },
  'HEAD /v1/connections/:connector/authorize': { scope: 'namespace', url: () => '/v1/connections/lexoffice/authorize', owner: 302, other: 302 },
  'GET /v1/oauth/:connector/callback': { scope: 'state', url: () => '/v1/oauth/lexoffice/callback?code=abc&state=not-a-state-of-anyone' },
  'HEAD /v1/oauth/:connector/callback': { scope: 'state', url: () => '/v1/oauth/lexoffice/callback?code=abc&state=not-a-state-of-anyone' },
  'POST /v1/invoices/:id/sync': { scope: 'owned', url: (r) => `/v1/invoices/${r.pendingInvoiceId}/sync`, owner: 202 },
  'POST /v1/invoices/:id/cancel': { scope: 'owned', url: (r) => `/v1/invoices/${r.bookedInvoiceId}/cancel`, body: () => cancelBody, owner: 202 },
  'POST /v1/notifications/:id/resolve': { scope: 'owned', url: (r) => `/v1/notifications/${r.notificationId}/resolve`, owner: 200 },
  'DELETE /v1/connections/:connector': { scope: 'owned', url: () => '/v1/connections/reference', owner: 204 },
};

interface RouteRow {
  key: string;
  method: string;
  url: string;
  access: Access;
}

/** The routes as Fastify registers them: a second app on the same runtime with an onRoute hook. */
async function routeTable(hub: TestHub): Promise<RouteRow[]> {
  const rows: RouteRow[] = [];
  const app: FastifyInstance = buildApp(hub.runtime);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = ([] as HTTPMethods[]).concat(route.method);
    for (const method of methods) {
      rows.push({ key: `${method} ${route.url}`, method, url: route.url, access: route.config?.access ?? 'public' });
    }
  });
  await app.ready();
  await app.close();
  return rows;
}

/** A's rows, as one comparable value: whatever B or the admin does must leave it as it is. */
async function ownerFingerprint(hub: TestHub, tenantId: string): Promise<Record<string, string>> {
  const byTenant = ['tenant', 'customer', 'invoice', 'connection', 'notification', 'oauth_state'].map(
    (t) =>
      `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from ${t} x where ${t === 'tenant' ? 'id' : 'tenant_id'} = $1) as ${t}`,
  );
  const res = await hub.pool.query(
    `select ${byTenant.join(', ')},
       (select md5(coalesce(string_agg(d::text, '|' order by d::text), '')) from document d join invoice i on i.id = d.invoice_id where i.tenant_id = $1) as document,
       (select md5(coalesce(string_agg(l::text, '|' order by l::text), '')) from customer_link l join customer c on c.id = l.customer_id where c.tenant_id = $1) as customer_link,
       (select count(*)::text from call_log where tenant_id = $1) as call_log,
       (select count(*)::text from pgboss.job where data->>'tenantId' = $1::text) as jobs`,
    [tenantId],
  );
  return res.rows[0] as Record<string, string>;
}

let r: Resources;
let routes: RouteRow[];
let openapi: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
let checks = 0;

beforeAll(async () => {
  const reference = await createReferenceSandbox();
  const hub = await startTestHub({
    env: {
      HUB_WORKERS: 'false',
      // Only to build consent URLs (authorize); no call reaches lexoffice.
      HUB_OAUTH_LEXOFFICE_CLIENT_ID: 'isolation-client',
      HUB_OAUTH_LEXOFFICE_CLIENT_SECRET: 'isolation-secret-0123456789',
    },
  });
  const a = await hub.tenant('Isolation Owner');
  const b = await hub.tenant('Isolation Other');
  const connect = await hub.call('PUT', '/v1/connections/reference', {
    token: a.apiKey,
    body: { credentials: { apiKey: reference.apiKey }, options: { baseUrl: reference.url } },
  });
  expect(connect.statusCode, connect.body).toBe(200);
  const settings = await hub.call('PUT', '/v1/settings', { token: a.apiKey, body: { connector: 'reference', autoSync: false } });
  expect(settings.statusCode, settings.body).toBe(200);
  const submit = async (number: string) => {
    const res = await hub.call('POST', '/v1/invoices', { token: a.apiKey, body: invoiceBody(number, { customer: { ...(invoiceBody(number).customer as object), ref: 'ISO-CUST-1', companyName: 'Geheim GmbH' } }) });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  };
  const bookedInvoiceId = await submit('ISO-SECRET-1');
  await hub.pool.query(
    `update invoice set status = 'booked', booked_at = now(), remote = '{"connector":"reference","kind":"voucher","id":"v-iso"}' where id = $1`,
    [bookedInvoiceId],
  );
  const pendingInvoiceId = await submit('ISO-SECRET-2');
  await hub.runtime.cradle.notificationService.openForInvoice({
    tenantId: a.id,
    invoiceId: pendingInvoiceId,
    connector: 'reference',
    kind: 'sync_failed',
    message: 'Geheim GmbH: failed',
    details: {},
  });
  const notificationId = (await hub.call('GET', '/v1/notifications', { token: a.apiKey })).json().items[0].id as string;
  r = { hub, reference, a, b, bookedInvoiceId, pendingInvoiceId, notificationId, customerRef: 'ISO-CUST-1' };
  routes = await routeTable(hub);
  openapi = (await hub.call('GET', '/openapi.json')).json();
}, 120_000);

afterAll(async () => {
  if (checks > 0) {
    const param = routes.filter((row) => row.url.startsWith('/v1') && row.url.includes(':'));
    const by = (scope: Scope) => Object.values(MATRIX).filter((e) => e.scope === scope).length;
    console.log(
      `[isolation] matrix: ${param.length} routes with a path parameter (${by('owned')} owned, ${by('namespace')} namespace, ${by('state')} OAuth state) x (other tenant, admin, owner), plus 3 admin lists; ${checks} checks`,
    );
  }
  await r?.hub.close();
  await r?.reference.close();
});

const send = (method: string, url: string, token: string | undefined, body?: unknown) =>
  r.hub.app.inject({
    method: method as HTTPMethods,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

describe('the isolation matrix', () => {
  it('covers every /v1 route with a path parameter, and nothing else', () => {
    const param = routes.filter((row) => row.url.startsWith('/v1') && row.url.includes(':')).map((row) => row.key);
    const missing = param.filter((key) => !(key in MATRIX));
    expect(missing, `routes with a path parameter missing from MATRIX (classify them): ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(MATRIX).filter((key) => !param.includes(key));
    expect(stale, 'MATRIX names routes the app does not have').toEqual([]);
    // The OpenAPI document describes the same routes (HEAD aside).
    const documented = Object.entries(openapi.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    for (const key of documented.filter((k) => k.includes(':') && k.split(' ')[1]!.startsWith('/v1'))) {
      expect(param, `${key} is in /openapi.json but not in the route table`).toContain(key);
    }
    checks += 1;
  });

  it('a second tenant gets 404 on every route that names one of A\'s resources, and touches nothing of A\'s', async () => {
    const before = await ownerFingerprint(r.hub, r.a.id);
    const secrets = ['ISO-SECRET-1', 'ISO-SECRET-2', 'Geheim GmbH', r.bookedInvoiceId, r.pendingInvoiceId, r.notificationId, r.a.id];
    // B's own slots last: once B has connected a connector itself, that connector is B's to test.
    const order: Scope[] = ['owned', 'state', 'namespace'];
    const ordered = routes.filter((row) => MATRIX[row.key]).sort((x, y) => order.indexOf(MATRIX[x.key]!.scope) - order.indexOf(MATRIX[y.key]!.scope));
    for (const row of ordered) {
      const entry = MATRIX[row.key]!;
      const res = await send(row.method, entry.url(r), r.b.apiKey, entry.body?.(r));
      const what = `B: ${row.key} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
      if (entry.scope === 'owned') {
        expect(res.statusCode, what).toBe(404);
        if (row.method !== 'HEAD') expect(res.json().error.code, what).toMatch(/not_found|not_connected/);
      } else if (entry.scope === 'namespace') {
        expect(res.statusCode, what).toBe(entry.other);
      } else {
        expect(res.statusCode, what).toBe(400);
      }
      for (const s of secrets) expect(res.body, `${what} leaks ${s}`).not.toContain(s);
      checks += 1;
    }
    expect(await ownerFingerprint(r.hub, r.a.id), "A's rows after B's requests").toEqual(before);
    // What B did in its own namespace is B's: its own customer and connection, A's untouched (checked above).
    expect((await send('GET', `/v1/customers/${r.customerRef}`, r.b.apiKey)).json()).toMatchObject({ ref: r.customerRef, lastName: 'Eindringling' });
    expect((await r.hub.pool.query('select tenant_id from oauth_state')).rows.every((row) => row.tenant_id === r.b.id)).toBe(true);
  });

  it('the admin reads A\'s resources where the contract lets it, and gets 403 on routes that act for a tenant', async () => {
    const before = await ownerFingerprint(r.hub, r.a.id);
    for (const row of routes) {
      const entry = MATRIX[row.key];
      if (!entry) continue;
      const res = await send(row.method, entry.url(r), ADMIN_TOKEN, entry.body?.(r));
      const what = `admin: ${row.key} (${row.access}) -> ${res.statusCode} ${res.body.slice(0, 300)}`;
      if (row.access === 'tenant') expect(res.statusCode, what).toBe(403);
      else if (row.access === 'any') {
        expect(res.statusCode, what).toBe(200);
        if (row.method === 'GET') expect(res.json().tenantId, what).toBe(r.a.id);
        // With tenantId naming another tenant, the admin's read is scoped like that tenant's: 404.
        const scoped = await send(row.method, `${entry.url(r)}?tenantId=${r.b.id}`, ADMIN_TOKEN);
        expect(scoped.statusCode, `admin with tenantId=B: ${row.key}`).toBe(404);
        checks += 1;
      } else expect(res.statusCode, what).toBe(400); // public: the OAuth callback with an unknown state
      checks += 1;
    }
    expect(await ownerFingerprint(r.hub, r.a.id), "A's rows after the admin's requests").toEqual(before);
  });

  it('the admin reads every list with tenantId; a tenant may not', async () => {
    const lists = Object.entries(openapi.paths).filter(
      ([path, ops]) => path.startsWith('/v1') && !path.includes('{') && ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'tenantId'),
    );
    expect(lists.map(([path]) => path).sort()).toEqual(['/v1/invoices', '/v1/logs', '/v1/notifications']);
    // A call log row for A, so that the log list has something to show.
    await r.hub.runtime.cradle.callLogWriter.sinkFor({ tenantId: r.a.id, connector: 'reference', connectionId: null, invoiceId: r.bookedInvoiceId })(sampleCallRecord());
    for (const [path] of lists) {
      const ofA = await send('GET', `${path}?tenantId=${r.a.id}`, ADMIN_TOKEN);
      expect(ofA.statusCode, path).toBe(200);
      const items = ofA.json().items as { tenantId: string }[];
      expect(items.length, `admin sees A's ${path}`).toBeGreaterThan(0);
      expect(items.every((i) => i.tenantId === r.a.id), path).toBe(true);
      const ofB = (await send('GET', `${path}?tenantId=${r.b.id}`, ADMIN_TOKEN)).json().items as { tenantId: string }[];
      expect(ofB.some((i) => i.tenantId === r.a.id), path).toBe(false);
      const all = (await send('GET', path, ADMIN_TOKEN)).json().items as { tenantId: string }[];
      expect(all.some((i) => i.tenantId === r.a.id), `admin without tenantId sees A in ${path}`).toBe(true);
      const bAsksForA = await send('GET', `${path}?tenantId=${r.a.id}`, r.b.apiKey);
      expect(bAsksForA.statusCode, path).toBe(403);
      const bOwn = (await send('GET', path, r.b.apiKey)).json().items as { tenantId: string }[];
      expect(bOwn.some((i) => i.tenantId === r.a.id), path).toBe(false);
      checks += 5;
    }
  });

  it('the owner gets its 2xx on every route (the resources exist: the 404s above are the scoping)', async () => {
    for (const [key, entry] of Object.entries(MATRIX)) {
      if (entry.owner === undefined) continue;
      const method = key.split(' ')[0]!;
      const res = await send(method, entry.url(r), r.a.apiKey, entry.body?.(r));
      expect(res.statusCode, `A: ${key} -> ${res.statusCode} ${res.body.slice(0, 300)}`).toBe(entry.owner);
      checks += 1;
    }
  });
});
