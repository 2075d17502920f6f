import { describe, expect, it } from 'vitest';
import {
  ConnectorError,
  type ErrorKind,
  RETRIABLE_KINDS,
  authError,
  conflictError,
  connectorErrorJson,
  errorKind,
  isConnectorError,
  rateLimitedError,
  toConnectorError,
  transientError,
  uncertainError,
  unsupportedError,
  validationError,
} from './connector-error.js';

describe('ConnectorError', () => {
  it.each<[ErrorKind, boolean]>([
    ['auth', false],
    ['validation', false],
    ['unsupported', false],
    ['conflict', true],
    ['rate_limited', true],
    ['transient', true],
    ['uncertain', true],
  ])('kind %s is retriable: %s', (kind, retriable) => {
    expect(new ConnectorError({ kind, message: 'x' }).retriable).toBe(retriable);
    expect(RETRIABLE_KINDS.has(kind)).toBe(retriable);
  });

  it('covers every kind of the taxonomy in the table above', () => {
    expect([...errorKind.options].sort()).toEqual(['auth', 'conflict', 'rate_limited', 'transient', 'uncertain', 'unsupported', 'validation']);
  });

  it('the factories set their kind, and rate_limited carries retryAfterMs', () => {
    const made = [
      authError('a'),
      validationError('v'),
      conflictError('c'),
      rateLimitedError('r', 2500),
      transientError('t'),
      uncertainError('u'),
      unsupportedError('n'),
    ];
    expect(made.map((e) => e.kind)).toEqual(['auth', 'validation', 'conflict', 'rate_limited', 'transient', 'uncertain', 'unsupported']);
    expect(made[3]!.retryAfterMs).toBe(2500);
    for (const e of made) {
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe('ConnectorError');
      expect(isConnectorError(e)).toBe(true);
    }
  });

  it('toJSON carries the validation details and nothing undefined', () => {
    const e = validationError('The VAT id of customer Börse GmbH is invalid (vatId).', {
      field: 'customer.vatId',
      providerField: 'company.vatRegistrationId',
      providerKey: 'vat_registration_id_invalid_number_9_digits',
      httpStatus: 400,
      cause: new Error('raw response'),
    });
    const json = e.toJSON();
    expect(json).toEqual({
      kind: 'validation',
      message: 'The VAT id of customer Börse GmbH is invalid (vatId).',
      field: 'customer.vatId',
      providerField: 'company.vatRegistrationId',
      providerKey: 'vat_registration_id_invalid_number_9_digits',
      httpStatus: 400,
    });
    expect(connectorErrorJson.parse(json)).toEqual(json);
    expect(JSON.parse(JSON.stringify(e))).toEqual(json);
    expect(Object.keys(transientError('down').toJSON())).toEqual(['kind', 'message']);
  });

  it('toJSON keeps retryAfterMs of 0 (retry at once)', () => {
    expect(rateLimitedError('slow down', 0).toJSON()).toEqual({ kind: 'rate_limited', message: 'slow down', retryAfterMs: 0 });
  });

  it('keeps the cause for the log, but not in the JSON a tenant sees', () => {
    const cause = new Error('socket hang up');
    const e = uncertainError('The tool did not answer; the voucher may exist.', { cause });
    expect(e.cause).toBe(cause);
    expect(JSON.stringify(e)).not.toContain('socket hang up');
    expect('cause' in authError('no cause')).toBe(false);
  });
});

describe('toConnectorError', () => {
  it('passes a ConnectorError through unchanged', () => {
    const e = authError('Reconnect lexoffice.');
    expect(toConnectorError(e)).toBe(e);
  });

  it('turns an Error into a transient error that keeps the cause', () => {
    const boom = new TypeError('fetch failed');
    const e = toConnectorError(boom);
    expect(e.kind).toBe('transient');
    expect(e.retriable).toBe(true);
    expect(e.message).toBe('Unexpected failure: fetch failed');
    expect(e.cause).toBe(boom);
  });

  it.each<[string, unknown, string]>([
    ['a string', 'oops', 'Unexpected failure: oops'],
    ['a number', 42, 'Unexpected failure: 42'],
    ['undefined', undefined, 'Unexpected failure: undefined'],
    ['null', null, 'Unexpected failure: null'],
    ['a symbol', Symbol('s'), 'Unexpected failure: Symbol(s)'],
  ])('turns %s into a transient error', (_label, thrown, message) => {
    const e = toConnectorError(thrown);
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e.kind).toBe('transient');
    expect(e.message).toBe(message);
  });

  it('never throws itself, whatever was thrown (null-prototype objects, a throwing toString)', () => {
    const nullProto = Object.create(null) as object;
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    for (const thrown of [nullProto, hostile, { message: 'plain object' }]) {
      const e = toConnectorError(thrown);
      expect(e).toBeInstanceOf(ConnectorError);
      expect(e.kind).toBe('transient');
      expect(e.message.startsWith('Unexpected failure: ')).toBe(true);
    }
  });

  it('uses the message of an error-like object that is no Error instance', () => {
    expect(toConnectorError({ message: 'plain object' }).message).toBe('Unexpected failure: plain object');
  });
});

describe('errors from another copy of this package (a plugin with its own core)', () => {
  it('keeps their kind and facts instead of turning them into transient', () => {
    const foreign = Object.assign(new Error('The VAT id is invalid'), {
      name: 'ConnectorError',
      kind: 'validation',
      field: 'customer.vatId',
      providerKey: 'vat_id_invalid',
    });
    expect(isConnectorError(foreign)).toBe(true);
    const mapped = toConnectorError(foreign);
    expect(mapped).toBeInstanceOf(ConnectorError);
    expect(mapped.toJSON()).toEqual({
      kind: 'validation',
      message: 'The VAT id is invalid',
      field: 'customer.vatId',
      providerKey: 'vat_id_invalid',
    });
  });

  it('does not mistake an ordinary error with a kind for one', () => {
    expect(isConnectorError(Object.assign(new Error('x'), { kind: 'validation' }))).toBe(false);
    expect(isConnectorError({ name: 'ConnectorError', kind: 'nonsense', message: 'x' })).toBe(false);
  });
});
