import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../security/api-keys.js';
import { ADMIN_TOKEN, startTestHub, type TestHub } from '../testing/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

describe('service routes', () => {
  it('GET /health answers ok without a token', async () => {
    const res = await hub.call('GET', '/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 while the database answers', async () => {
    const res = await hub.call('GET', '/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('GET /docs serves the Swagger UI page', async () => {
    const res = await hub.call('GET', '/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/swagger/i);
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const res = await hub.call('GET', '/v1/nothing-here', { token: ADMIN_TOKEN });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/v1/nothing-here'), details: [] } });
  });
});

describe('GET /openapi.json', () => {
  const contract: [string, string][] = [
    ['get', '/health'],
    ['get', '/ready'],
    ['get', '/openapi.json'],
    ['get', '/docs'],
    ['post', '/v1/tenants'],
    ['get', '/v1/connectors'],
    ['get', '/v1/settings'],
    ['put', '/v1/settings'],
    ['put', '/v1/connections/{connector}'],
    ['get', '/v1/connections/{connector}/authorize'],
    ['get', '/v1/oauth/{connector}/callback'],
    ['post', '/v1/connections/{connector}/test'],
    ['get', '/v1/connections'],
    ['delete', '/v1/connections/{connector}'],
    ['put', '/v1/customers/{ref}'],
    ['get', '/v1/customers/{ref}'],
    ['patch', '/v1/customers/{ref}'],
    ['post', '/v1/invoices'],
    ['get', '/v1/invoices/{id}'],
    ['get', '/v1/invoices'],
    ['post', '/v1/invoices/{id}/cancel'],
    ['post', '/v1/invoices/{id}/sync'],
    ['post', '/v1/sync/backfill'],
    ['get', '/v1/notifications'],
    ['post', '/v1/notifications/{id}/resolve'],
    ['get', '/v1/logs'],
  ];

  it('documents every route of the contract, with tags, bearer security and error responses', async () => {
    const res = await hub.call('GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    for (const [method, path] of contract) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(op.tags?.length, `${method} ${path} tags`).toBeGreaterThan(0);
      expect(op.summary, `${method} ${path} summary`).toBeTruthy();
    }
    // Error responses are documented, with the error schema.
    const intake = doc.paths['/v1/invoices'].post;
    expect(Object.keys(intake.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '401', '403', '409', '415', '422']));
    expect(JSON.stringify(intake.responses['400'])).toContain('#/components/schemas/Error');
    expect(intake.requestBody.content['application/json'].schema).toBeDefined();
    expect(doc.components.schemas.Error).toBeDefined();
    // Public routes say so.
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/v1/oauth/{connector}/callback'].get.security).toEqual([]);
    // Nothing but the contract's routes and the docs' own (none of Swagger UI's internals).
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/docs/'))).toEqual([]);
  });
});

describe('authentication', () => {
  it('answers 401 without a token, with a malformed header and with an unknown key', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer hub_unknownunknownunknownunknownunknownunknown12' }]) {
      const res = await hub.app.inject({ method: 'GET', url: '/v1/settings', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    const wrongAdmin = await hub.call('POST', '/v1/tenants', { token: `${ADMIN_TOKEN}x`, body: { name: 'X' } });
    expect(wrongAdmin.statusCode).toBe(401);
  });

  it('answers 403 to a tenant on an admin route and to the admin on a tenant route', async () => {
    const t = await hub.tenant();
    const asTenant = await hub.call('POST', '/v1/tenants', { token: t.apiKey, body: { name: 'Sneaky' } });
    expect(asTenant.statusCode).toBe(403);
    expect(asTenant.json().error.code).toBe('forbidden');
    const asAdmin = await hub.call('GET', '/v1/settings', { token: ADMIN_TOKEN });
    expect(asAdmin.statusCode).toBe(403);
    expect(asAdmin.json().error.message).toMatch(/tenant's API key/);
  });

  it('refuses a key whose prefix matches but whose rest does not', async () => {
    const t = await hub.tenant();
    const forged = `${t.apiKey.slice(0, 20)}${'A'.repeat(t.apiKey.length - 20)}`;
    const res = await hub.call('GET', '/v1/settings', { token: forged });
    expect(res.statusCode).toBe(401);
  });
});

describe('POST /v1/tenants', () => {
  it('creates a tenant, answers its key once and stores only its hash', async () => {
    const res = await hub.call('POST', '/v1/tenants', { token: ADMIN_TOKEN, body: { name: 'SEMCO Akademie' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ id: expect.any(String), name: 'SEMCO Akademie', apiKey: expect.stringMatching(/^hub_/) });
    const row = await hub.pool.query('select * from tenant where id = $1', [body.id]);
    expect(row.rows[0].api_key_hash).toBe(hashApiKey(body.apiKey));
    expect(JSON.stringify(row.rows[0])).not.toContain(body.apiKey);
    const settings = await hub.call('GET', '/v1/settings', { token: body.apiKey });
    expect(settings.statusCode).toBe(200);
  });

  it('validates the name', async () => {
    const res = await hub.call('POST', '/v1/tenants', { token: ADMIN_TOKEN, body: { name: '  ' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'name', message: 'must not be empty' }]);
  });
});

describe('error handling', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await hub.call('POST', '/v1/tenants', {
      token: ADMIN_TOKEN,
      payload: '{"name": "broken"',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_json', message: expect.stringMatching(/not valid JSON/) });
  });

  it('answers a wrong content type with 415', async () => {
    const res = await hub.call('POST', '/v1/tenants', { token: ADMIN_TOKEN, payload: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  it('answers an empty JSON body on a route that needs one with 400 naming the body', async () => {
    const res = await hub.call('POST', '/v1/tenants', { token: ADMIN_TOKEN, payload: '', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
  });

  it('answers a body above the limit with 413', async () => {
    const res = await hub.call('POST', '/v1/tenants', { token: ADMIN_TOKEN, body: { name: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('names unknown fields', async () => {
    const res = await hub.call('POST', '/v1/tenants', { token: ADMIN_TOKEN, body: { name: 'A', plan: 'gold' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'plan', message: 'unknown field' }]);
  });

  it('answers an unexpected failure with 500 internal, without leaking it', async () => {
    const broken = await startTestHub({
      app: {
        deps: {
          registry: {
            list: () => {
              throw new Error('secret internals: password=hunter2');
            },
            get: () => undefined,
            require: () => {
              throw new Error('x');
            },
          },
        },
      },
    });
    try {
      const res = await broken.call('GET', '/v1/connectors', { token: ADMIN_TOKEN });
      expect(res.statusCode).toBe(500);
      expect(res.json().error).toMatchObject({ code: 'internal', message: 'An internal error occurred.', details: [] });
      expect(res.body).not.toContain('hunter2');
      expect(res.json().error.requestId).toBeTruthy();
    } finally {
      await broken.close();
    }
  });

  it('answers /ready with 503 when the database does not answer', async () => {
    const failing = { query: async () => Promise.reject(new Error('connection refused')) };
    const down = await startTestHub({ app: { deps: { pool: failing as never } } });
    try {
      const res = await down.call('GET', '/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('not_ready');
      expect((await down.call('GET', '/health')).statusCode).toBe(200);
    } finally {
      await down.close();
    }
  });
});
