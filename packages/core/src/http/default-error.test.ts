import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../errors/connector-error.js';
import { defaultErrorFor } from './client.js';
import type { HttpMethod, HttpRequest, HttpResponse } from './types.js';

function response(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body, text: typeof body === 'string' ? body : JSON.stringify(body), durationMs: 1, attempt: 1 };
}

function request(method: HttpMethod, idempotent?: boolean): HttpRequest {
  return { method, url: 'https://api.example.com/v1/vouchers?x=1', ...(idempotent === undefined ? {} : { idempotent }) };
}

describe('defaultErrorFor', () => {
  const table: Array<[number, HttpMethod, ErrorKind | null]> = [
    [200, 'POST', null],
    [201, 'POST', null],
    [204, 'DELETE', null],
    [304, 'GET', null],
    [400, 'POST', 'validation'],
    [401, 'GET', 'auth'],
    [402, 'POST', 'unsupported'],
    [403, 'GET', 'auth'],
    [404, 'GET', 'validation'],
    [405, 'POST', 'validation'],
    [406, 'GET', 'validation'],
    [409, 'PUT', 'conflict'],
    [410, 'GET', 'validation'],
    [422, 'POST', 'validation'],
    [429, 'POST', 'rate_limited'],
    [500, 'GET', 'transient'],
    [500, 'POST', 'uncertain'],
    [502, 'PUT', 'uncertain'],
    [503, 'HEAD', 'transient'],
    [504, 'PATCH', 'uncertain'],
  ];

  it.each(table)('maps %i on %s to %s', (status, method, kind) => {
    const error = defaultErrorFor(response(status), request(method), 'lexoffice');
    if (kind === null) {
      expect(error).toBeNull();
      return;
    }
    expect(error?.kind).toBe(kind);
    expect(error?.httpStatus).toBe(status);
    expect(error?.message).toContain('lexoffice');
  });

  it('treats a 5xx on a write marked idempotent as transient', () => {
    expect(defaultErrorFor(response(503), request('PUT', true), 'sevdesk')?.kind).toBe('transient');
  });

  it('says "not found" for 404', () => {
    expect(defaultErrorFor(response(404), request('GET'), 'lexoffice')?.message).toMatch(/not found/i);
  });

  it('names the tool and the status in a short message', () => {
    expect(defaultErrorFor(response(401), request('GET'), 'lexoffice')?.message).toBe(
      'lexoffice refused the credentials (401)',
    );
  });

  it('takes retryAfterMs from Retry-After, else one second', () => {
    expect(defaultErrorFor(response(429, '', { 'retry-after': '7' }), request('GET'), 'x')?.retryAfterMs).toBe(7000);
    expect(defaultErrorFor(response(429), request('GET'), 'x')?.retryAfterMs).toBe(1000);
  });

  it("appends the provider's own message but not an HTML error page", () => {
    expect(defaultErrorFor(response(422, { message: 'Invalid VAT id' }), request('POST'), 'lexoffice')?.message).toBe(
      'lexoffice rejected the request (422): Invalid VAT id',
    );
    expect(defaultErrorFor(response(400, { error: { message: 'bad date' } }), request('POST'), 'x')?.message).toBe(
      'x rejected the request (400): bad date',
    );
    expect(defaultErrorFor(response(502, '<html>Bad gateway</html>'), request('GET'), 'x')?.message).toBe(
      'x had a server error (502)',
    );
  });

  it('says an uncertain write may have been performed', () => {
    expect(defaultErrorFor(response(500), request('POST'), 'lexoffice')?.message).toMatch(/may have been performed/);
  });
});
