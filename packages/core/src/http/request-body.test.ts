import { describe, expect, it } from 'vitest';
import { REDACTED } from './redact.js';
import { bodySecrets, describeBody, encodeBody } from './request-body.js';

describe('encodeBody', () => {
  it('serialises JSON and names its content type', () => {
    expect(encodeBody({ kind: 'json', value: { a: 1 } })).toEqual({ body: '{"a":1}', contentType: 'application/json' });
  });

  it('leaves multipart and urlencoded content types to fetch, which knows the boundary', () => {
    const form = new FormData();
    expect(encodeBody({ kind: 'form', value: form })).toEqual({ body: form, contentType: undefined });
    const encoded = encodeBody({ kind: 'urlencoded', value: { a: 'b c' } });
    expect(String(encoded.body)).toBe('a=b+c');
    expect(encoded.contentType).toBeUndefined();
  });

  it('sends raw bodies as given', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(encodeBody({ kind: 'raw', value: bytes, contentType: 'application/pdf' })).toEqual({
      body: bytes,
      contentType: 'application/pdf',
    });
  });
});

describe('describeBody', () => {
  it('lists form fields and files without copying file contents', () => {
    const form = new FormData();
    form.append('type', 'voucher');
    form.append('file', new File([new Uint8Array(1234)], 'invoice.pdf', { type: 'application/pdf' }));
    form.append('token', 'secret-value');
    expect(describeBody({ kind: 'form', value: form }, [])).toEqual({
      type: 'voucher',
      file: { file: 'invoice.pdf', bytes: 1234, type: 'application/pdf' },
      token: REDACTED,
    });
  });

  it('redacts urlencoded fields', () => {
    expect(
      describeBody({ kind: 'urlencoded', value: { grant_type: 'authorization_code', code: 'c0de', client_secret: 's' } }, []),
    ).toEqual({ grant_type: 'authorization_code', code: REDACTED, client_secret: REDACTED });
  });

  it('shows textual raw bodies and sizes binary ones', () => {
    expect(describeBody({ kind: 'raw', value: '<x>key-1234</x>', contentType: 'application/xml' }, ['key-1234'])).toBe(
      `<x>${REDACTED}</x>`,
    );
    expect(describeBody({ kind: 'raw', value: new TextEncoder().encode('hi'), contentType: 'text/plain' }, [])).toBe('hi');
    expect(describeBody({ kind: 'raw', value: new Uint8Array(10), contentType: 'application/pdf' }, [])).toBe(
      '<10 bytes application/pdf>',
    );
  });

  it('records no body as null', () => {
    expect(describeBody(undefined, [])).toBeNull();
  });
});

describe('bodySecrets', () => {
  it('collects credential values from every body kind that has fields', () => {
    expect(bodySecrets({ kind: 'json', value: { refresh_token: 'r-1', other: 'x' } })).toEqual(['r-1']);
    expect(bodySecrets({ kind: 'urlencoded', value: { code: 'c-1', client_secret: 's-1' } })).toEqual(['c-1', 's-1']);
    const form = new FormData();
    form.append('apiKey', 'k-1');
    form.append('file', new File(['x'], 'a.pdf'));
    expect(bodySecrets({ kind: 'form', value: form })).toEqual(['k-1']);
    expect(bodySecrets({ kind: 'raw', value: 'token=abc', contentType: 'text/plain' })).toEqual([]);
    expect(bodySecrets(undefined)).toEqual([]);
  });
});
