import { describe, expect, it } from 'vitest';
import { REDACTED, capBody, redact, redactHeaders, redactUrl, sensitiveValues } from './redact.js';

describe('redact', () => {
  it('hides values under credential keys at any depth', () => {
    const input = {
      user: 'ann',
      password: 'hunter22',
      nested: { apiKey: 'k', api_key: 'k', 'api-key': 'k', clientSecret: 's', refresh_token: 't' },
      list: [{ Authorization: 'Bearer x' }, { sessionCookie: 'c', credentials: { a: 1 } }],
      code_verifier: 'v',
      client_assertion: 'jwt',
    };
    expect(redact(input, [])).toEqual({
      user: 'ann',
      password: REDACTED,
      nested: { apiKey: REDACTED, api_key: REDACTED, 'api-key': REDACTED, clientSecret: REDACTED, refresh_token: REDACTED },
      list: [{ Authorization: REDACTED }, { sessionCookie: REDACTED, credentials: REDACTED }],
      code_verifier: REDACTED,
      client_assertion: REDACTED,
    });
  });

  it('keeps a JSON `code` (an API error code) visible; the OAuth code in a URL is hidden', () => {
    expect(redact({ code: 'vat_id_invalid', postcode: '10115', countryCode: 'DE' }, [])).toEqual({
      code: 'vat_id_invalid',
      postcode: '10115',
      countryCode: 'DE',
    });
    expect(redactUrl(new URL('https://hub.example/cb?code=abc&state=s1'), [])).toBe(`/cb?code=${REDACTED}&state=s1`);
  });

  it('scrubs secret values wherever they appear in strings', () => {
    const secret = 'sk_live_123456';
    expect(redact({ note: `key is ${secret}!`, list: [secret] }, [secret])).toEqual({
      note: `key is ${REDACTED}!`,
      list: [REDACTED],
    });
  });

  it('ignores secrets shorter than four characters, which would shred ordinary text', () => {
    expect(redact('abc total abc', ['abc'])).toBe('abc total abc');
  });

  it('copies instead of mutating and survives cycles', () => {
    const input: Record<string, unknown> = { token: 't', keep: 'x' };
    input.self = input;
    const out = redact(input, []) as Record<string, unknown>;
    expect(input.token).toBe('t');
    expect(out).toEqual({ token: REDACTED, keep: 'x', self: '[Circular]' });
  });

  it('returns JSON-safe values for dates, bigints and bytes', () => {
    const out = redact({ at: new Date('2026-01-02T03:04:05Z'), n: 10n, bytes: new Uint8Array(3) }, []);
    expect(out).toEqual({ at: '2026-01-02T03:04:05.000Z', n: '10', bytes: '<3 bytes>' });
  });
});

describe('redactHeaders', () => {
  it('hides credential headers and scrubs secrets from the rest', () => {
    const out = redactHeaders(
      {
        Authorization: 'Bearer abc',
        'Proxy-Authorization': 'Basic x',
        Cookie: 'a=b',
        'set-cookie': 'c=d',
        'X-Api-Key': 'k',
        'X-Auth-Token': 't',
        'X-Echo': 'value sk_live_123456',
        Accept: 'application/json',
      },
      ['sk_live_123456'],
    );
    expect(out).toEqual({
      Authorization: REDACTED,
      'Proxy-Authorization': REDACTED,
      Cookie: REDACTED,
      'set-cookie': REDACTED,
      'X-Api-Key': REDACTED,
      'X-Auth-Token': REDACTED,
      'X-Echo': `value ${REDACTED}`,
      Accept: 'application/json',
    });
  });

  it('accepts a Headers object', () => {
    expect(redactHeaders(new Headers({ authorization: 'x', accept: 'y' }))).toEqual({ authorization: REDACTED, accept: 'y' });
  });
});

describe('redactUrl', () => {
  it('returns path and query without host, sensitive parameters hidden', () => {
    const url = new URL('https://api.example.com/v1/items?page=2&api_key=abcd1234&access_token=zz&q=a b');
    expect(redactUrl(url, [])).toBe(`/v1/items?page=2&api_key=${REDACTED}&access_token=${REDACTED}&q=a%20b`);
  });

  it('scrubs secret values from path and innocent parameters, encoded or not', () => {
    const secret = 'se/cr+et 42';
    const url = new URL(`https://h/keys/${encodeURIComponent(secret)}`);
    url.searchParams.set('filter', `x${secret}y`);
    const out = redactUrl(url, [secret]);
    expect(out).toBe(`/keys/${REDACTED}?filter=x${REDACTED}y`);
  });

  it('leaves a URL without query as its path', () => {
    expect(redactUrl(new URL('https://h/a/b'), [])).toBe('/a/b');
  });
});

describe('capBody', () => {
  it('keeps values whose JSON fits', () => {
    const value = { a: 'x'.repeat(10) };
    expect(capBody(value, 100)).toBe(value);
  });

  it('replaces larger values by their size and a preview', () => {
    const value = { a: 'x'.repeat(100) };
    const json = JSON.stringify(value);
    expect(capBody(value, 20)).toEqual({ truncated: true, bytes: json.length, preview: json.slice(0, 20) });
  });

  it('passes undefined through', () => {
    expect(capBody(undefined, 10)).toBeUndefined();
  });
});

describe('sensitiveValues', () => {
  it('collects the strings under credential keys, however deep', () => {
    expect(
      sensitiveValues({ user: 'ann', password: 'pw1', auth: { token: 't1' }, credentials: { id: 'c1', list: ['c2'] }, code: 'x' }),
    ).toEqual(['pw1', 't1', 'c1', 'c2']);
  });

  it('finds nothing in values without credential keys', () => {
    expect(sensitiveValues({ a: 'b', list: [{ c: 'd' }] })).toEqual([]);
    expect(sensitiveValues('plain')).toEqual([]);
  });
});
