import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClientOptions } from './client.js';
import { MemoryRateLimitStore } from './memory-rate-limit-store.js';
import { REDACTED } from './redact.js';
import { type TestServer, sendJson, startTestServer } from './test-server.js';
import type { CallRecord } from './types.js';

let server: TestServer;
let flaky = 0;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/flaky') {
      flaky += 1;
      if (flaky % 3 !== 0) return sendJson(res, 503, { error: 'busy' });
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/big') return sendJson(res, 200, { items: 'x'.repeat(5000) });
    if (path === '/text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('plain words');
    }
    if (path === '/broken-json') {
      res.writeHead(502, { 'content-type': 'application/json' });
      return res.end('<html>Bad Gateway</html>');
    }
    if (path === '/empty') {
      res.writeHead(204);
      return res.end();
    }
    // Echo everything back, the way a careless API echoes credentials in its answers.
    sendJson(res, 200, {
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: req.body.toString('utf8'),
    });
  });
});
afterAll(() => server.close());

function client(overrides: Partial<HttpClientOptions> = {}) {
  const records: CallRecord[] = [];
  const http = createHttpClient({
    rateLimitKey: 'test:records',
    rateLimit: { requestsPerSecond: 1000, burst: 100 },
    store: new MemoryRateLimitStore(),
    sink: (r) => {
      records.push(r);
    },
    backoffMs: 5,
    ...overrides,
  });
  return { http, records };
}

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe('createHttpClient call records', () => {
  it('writes one record per attempt with status, duration and attempt number', async () => {
    flaky = 0;
    const { http, records } = client();
    const res = await http.request({ method: 'GET', url: `${server.origin}/flaky?page=1`, operation: 'findBooked' });
    expect(res.status).toBe(200);
    expect(records).toHaveLength(3);
    expect(records.map((r) => [r.attempt, r.statusCode, r.error, r.message])).toEqual([
      [1, 503, true, '503 Service Unavailable'],
      [2, 503, true, '503 Service Unavailable'],
      [3, 200, false, undefined],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({
        operation: 'findBooked',
        method: 'GET',
        path: '/flaky?page=1',
        host: new URL(server.origin).host,
        request: null,
      });
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(r.at))).toBe(false);
    }
    expect(records[0]?.response).toEqual({ error: 'busy' });
  });

  it('never records the Authorization header or secrets from the body and query string', async () => {
    const bearer = 'tok_abcdef123456';
    const bodySecret = 'sk_body_secret_987';
    const queryKey = 'qk_98765432';
    const { http, records } = client({ secrets: [bodySecret] });
    const res = await http.request({
      method: 'POST',
      url: `${server.origin}/echo`,
      query: { api_key: queryKey, search: `has ${bodySecret}` },
      headers: { Authorization: `Bearer ${bearer}` },
      body: { kind: 'json', value: { note: `pay with ${bodySecret}`, password: 'pw-plain-text' } },
    });
    // The secrets did travel: the assertion below would be vacuous otherwise.
    const echo = res.body as Echo;
    expect(echo.headers.authorization).toBe(`Bearer ${bearer}`);
    expect(echo.body).toContain(bodySecret);
    expect(echo.url).toContain(queryKey);

    const logged = JSON.stringify(records);
    expect(logged).not.toContain(bearer);
    expect(logged).not.toContain(bodySecret);
    expect(logged).not.toContain(queryKey);
    expect(logged).not.toContain('pw-plain-text');
    expect(records[0]?.path).toBe(`/echo?api_key=${REDACTED}&search=has%20${REDACTED}`);
    expect(records[0]?.request).toEqual({ note: `pay with ${REDACTED}`, password: REDACTED });
  });

  it('records bodies over the cap as truncated', async () => {
    const { http, records } = client({ maxRecordedBodyBytes: 256 });
    const sent = { text: 'y'.repeat(4000) };
    const res = await http.request({ method: 'POST', url: `${server.origin}/big`, body: { kind: 'json', value: sent } });
    expect(records[0]?.request).toMatchObject({ truncated: true, bytes: JSON.stringify(sent).length });
    expect(records[0]?.response).toMatchObject({ truncated: true, bytes: res.text.length });
    const recorded = records[0]?.response as { preview: string } | undefined;
    expect(recorded?.preview).toHaveLength(256);
  });

  it('sends JSON with its content type and asks for JSON by default', async () => {
    const { http } = client();
    const res = await http.request({ method: 'PUT', url: `${server.origin}/echo`, body: { kind: 'json', value: { a: 1 } } });
    const echo = res.body as Echo;
    expect(echo.method).toBe('PUT');
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.headers.accept).toBe('application/json');
    expect(JSON.parse(echo.body)).toEqual({ a: 1 });
  });

  it("keeps the connector's own accept and content-type headers", async () => {
    const { http } = client();
    const res = await http.request({
      method: 'POST',
      url: `${server.origin}/echo`,
      headers: { Accept: 'application/pdf', 'Content-Type': 'application/vnd.x+json' },
      body: { kind: 'json', value: {} },
    });
    const echo = res.body as Echo;
    expect(echo.headers.accept).toBe('application/pdf');
    expect(echo.headers['content-type']).toBe('application/vnd.x+json');
  });

  it('sends multipart forms and records files by name and size', async () => {
    const form = new FormData();
    form.append('type', 'voucher');
    form.append('file', new File([new Uint8Array(2048)], 'RE-1001.pdf', { type: 'application/pdf' }));
    const { http, records } = client();
    const res = await http.request({ method: 'POST', url: `${server.origin}/echo`, body: { kind: 'form', value: form } });
    const echo = res.body as Echo;
    expect(echo.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(echo.body).toContain('filename="RE-1001.pdf"');
    expect(records[0]?.request).toEqual({
      type: 'voucher',
      file: { file: 'RE-1001.pdf', bytes: 2048, type: 'application/pdf' },
    });
  });

  it('sends urlencoded bodies and redacts their credentials in the record', async () => {
    const { http, records } = client();
    const res = await http.request({
      method: 'POST',
      url: `${server.origin}/echo`,
      body: { kind: 'urlencoded', value: { grant_type: 'authorization_code', code: 'the-auth-code' } },
    });
    const echo = res.body as Echo;
    expect(echo.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(echo.body).toBe('grant_type=authorization_code&code=the-auth-code');
    expect(records[0]?.request).toEqual({ grant_type: 'authorization_code', code: REDACTED });
    expect(JSON.stringify(records)).not.toContain('the-auth-code');
  });

  it('sends raw bytes with their content type and records only their size', async () => {
    const { http, records } = client();
    const res = await http.request({
      method: 'POST',
      url: `${server.origin}/echo`,
      body: { kind: 'raw', value: new TextEncoder().encode('%PDF-1.4'), contentType: 'application/pdf' },
    });
    const echo = res.body as Echo;
    expect(echo.headers['content-type']).toBe('application/pdf');
    expect(echo.body).toBe('%PDF-1.4');
    expect(records[0]?.request).toBe('<8 bytes application/pdf>');
  });

  it('keeps non-JSON and unparsable JSON answers as text', async () => {
    const { http } = client({ maxAttempts: 1 });
    const text = await http.request({ method: 'GET', url: `${server.origin}/text` });
    expect(text.body).toBe('plain words');
    expect(text.text).toBe('plain words');
    const broken = await http.request({ method: 'GET', url: `${server.origin}/broken-json` });
    expect(broken.status).toBe(502);
    expect(broken.body).toBe('<html>Bad Gateway</html>');
    const empty = await http.request({ method: 'DELETE', url: `${server.origin}/empty` });
    expect(empty).toMatchObject({ status: 204, body: '', text: '' });
  });

  it('exposes response headers in lower case', async () => {
    const { http } = client();
    const res = await http.request({ method: 'GET', url: `${server.origin}/text` });
    expect(res.headers['content-type']).toBe('text/plain');
  });

  it('rejects a malformed URL as a validation error without recording a call', async () => {
    const { http, records } = client();
    await expect(http.request({ method: 'GET', url: 'not a url' })).rejects.toMatchObject({ kind: 'validation' });
    expect(records).toHaveLength(0);
  });
});
