import type { HttpRequest, HttpResponse } from '@accounting-hub/core';
import { describe, expect, it } from 'vitest';
import { readErrorBody } from './error-body.js';
import { isVersionConflict, lexofficeErrorFor } from './errors.js';
import { neutralField } from './fields.js';

function res(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body, text: JSON.stringify(body), durationMs: 1, attempt: 1 };
}

const boerseBody = {
  roles: { customer: {} },
  company: {
    name: 'Börse GmbH',
    vatRegistrationId: 'DE28407065',
    allowTaxFreeInvoices: true,
    contactPersons: [{ primary: true, salutation: 'Herr', firstName: 'Uwe', lastName: 'Seeler', emailAddress: 'uwe.seeler@semco.de' }],
  },
  version: 0,
};
const postContact: HttpRequest = { method: 'POST', url: 'https://api.lexware.io/v1/contacts', body: { kind: 'json', value: boerseBody } };
const postInvoice: HttpRequest = { method: 'POST', url: 'https://api.lexware.io/v1/invoices', body: { kind: 'json', value: {} } };
const getProfile: HttpRequest = { method: 'GET', url: 'https://api.lexware.io/v1/profile' };
const apiKey = { subject: 'customer Börse GmbH', authKind: 'api_token' as const };

describe('lexoffice error mapping: the legacy IssueList shape', () => {
  it("maps SEMCO's invalid VAT id to validation on customer.vatId with the key and a sentence naming the customer", () => {
    const body = {
      IssueList: [
        { i18nKey: 'vat_registration_id_invalid_number_9_digits', source: 'company.vatRegistrationId', type: 'validation_failure', args: ['DE'] },
      ],
    };
    const error = lexofficeErrorFor(res(406, body), postContact, apiKey);
    expect(error?.toJSON()).toEqual({
      kind: 'validation',
      message: 'The VAT id DE28407065 of customer Börse GmbH is invalid: a German VAT id is DE followed by 9 digits (customer.vatId).',
      field: 'customer.vatId',
      providerField: 'company.vatRegistrationId',
      providerKey: 'vat_registration_id_invalid_number_9_digits',
      httpStatus: 406,
    });
  });

  it('reads the IssueList under any capitalisation (SEMCO logs `issueList`) and reports the extra problems', () => {
    const body = {
      requestId: 'r1',
      issueList: [
        { i18nKey: 'missing_entity', source: 'roles.customer or roles.vendor', type: 'validation_failure' },
        { i18nKey: 'missing_entity', source: 'company or person', type: 'validation_failure' },
      ],
    };
    const error = lexofficeErrorFor(res(406, body), postContact, apiKey);
    expect(error?.kind).toBe('validation');
    expect(error?.field).toBe('customer.type');
    expect(error?.providerKey).toBe('missing_entity');
    expect(error?.message).toBe('lexoffice needs a company or a person for customer Börse GmbH (customer.type). (1 more problem in the call log)');
  });

  it('maps file type refusals to the document', () => {
    const error = lexofficeErrorFor(
      res(406, { IssueList: [{ i18nKey: 'inacceptable_file_extension', source: 'file', type: 'validation_failure' }] }),
      { method: 'POST', url: 'https://api.lexware.io/v1/vouchers/v1/files' },
      { subject: 'the file x.xml of voucher RE1', authKind: 'api_token' },
    );
    expect(error?.field).toBe('document');
    expect(error?.providerKey).toBe('inacceptable_file_extension');
    expect(error?.message).toMatch(/PDF, JPG or PNG/);
  });

  it('treats a concurrent-create race on the customer number as transient (nothing was created)', () => {
    const error = lexofficeErrorFor(
      res(406, { IssueList: [{ i18nKey: 'account_number_already_exists', source: 'roles.customer.number' }] }),
      postContact,
      apiKey,
    );
    expect(error?.kind).toBe('transient');
  });
});

describe('lexoffice error mapping: the regular details shape', () => {
  it('maps a violation on a line item to the neutral line path', () => {
    const body = {
      timestamp: '2023-05-11T17:12:31.233+02:00',
      status: 406,
      error: 'Not Acceptable',
      path: '/v1/invoices',
      traceId: 'abc',
      message: 'Validation failed for request. Please see details list for specific causes.',
      details: [{ violation: 'NOTNULL', field: 'lineItems[1].unitPrice.taxRatePercentage', message: 'darf nicht leer sein' }],
    };
    const error = lexofficeErrorFor(res(406, body), postInvoice, { subject: 'invoice RE21-01036', authKind: 'oauth2' });
    expect(error?.toJSON()).toEqual({
      kind: 'validation',
      message: 'lexoffice needs the tax rate for invoice RE21-01036 (lines.1.taxRate).',
      field: 'lines.1.taxRate',
      providerField: 'lineItems[1].unitPrice.taxRatePercentage',
      providerKey: 'NOTNULL',
      httpStatus: 406,
    });
  });

  it('keeps unknown fields as the provider field and leaves the neutral field undefined', () => {
    const body = { status: 406, message: 'x', details: [{ violation: 'INVALID', field: 'xRechnung.buyerReference', message: 'ungültig' }] };
    const error = lexofficeErrorFor(res(406, body), postInvoice, { subject: 'invoice RE1', authKind: 'oauth2' });
    expect(error?.field).toBeUndefined();
    expect(error?.providerField).toBe('xRechnung.buyerReference');
    expect(error?.message).toBe('lexoffice refused the field xRechnung.buyerReference of invoice RE1 (INVALID).');
  });

  it('reads a 400 without details (a bad voucherlist date) as validation with its message', () => {
    const body = {
      status: 400,
      error: 'Bad Request',
      path: '/v1/voucherlist',
      message: "Invalid value '2025-01-01T00:00:00+00:00' received for request parameter 'voucherDateFrom'.",
    };
    const error = lexofficeErrorFor(res(400, body), getProfile, { subject: 'voucher RE1', authKind: 'api_token' });
    expect(error?.kind).toBe('validation');
    expect(error?.message).toContain("request parameter 'voucherDateFrom'");
  });
});

describe('lexoffice error mapping: statuses', () => {
  it('401 is auth, with the way out for each kind of credential', () => {
    const body = { message: 'Unauthorized' };
    expect(lexofficeErrorFor(res(401, body), getProfile, apiKey)?.message).toMatch(/API key.*create a new key/);
    const oauth = lexofficeErrorFor(res(401, body), getProfile, { ...apiKey, authKind: 'oauth2' });
    expect(oauth?.kind).toBe('auth');
    expect(oauth?.message).toMatch(/access token: reconnect lexoffice/);
  });

  it('403 is auth (missing scope), 402 unsupported (plan), 404 validation', () => {
    expect(lexofficeErrorFor(res(403, { message: 'Forbidden' }), getProfile, apiKey)?.kind).toBe('auth');
    expect(lexofficeErrorFor(res(402, {}), getProfile, apiKey)?.kind).toBe('unsupported');
    expect(lexofficeErrorFor(res(404, {}), getProfile, apiKey)?.kind).toBe('validation');
  });

  it('409 and a 406 on `version` are conflicts; a missing version is not', () => {
    const stale = { IssueList: [{ i18nKey: 'invalid_value', source: 'version', type: 'validation_failure' }] };
    expect(lexofficeErrorFor(res(409, stale), postContact, apiKey)?.kind).toBe('conflict');
    expect(lexofficeErrorFor(res(406, stale), postContact, apiKey)?.kind).toBe('conflict');
    expect(isVersionConflict(res(406, stale))).toBe(true);
    const missing = { IssueList: [{ i18nKey: 'missing_entity', source: 'version' }] };
    expect(isVersionConflict(res(406, missing))).toBe(false);
    expect(lexofficeErrorFor(res(406, missing), postContact, apiKey)?.kind).toBe('validation');
  });

  it('429 is rate_limited, with Retry-After when sent and a second otherwise', () => {
    expect(lexofficeErrorFor(res(429, { message: 'Rate limit exceeded' }), getProfile, apiKey)?.retryAfterMs).toBe(1000);
    expect(lexofficeErrorFor(res(429, {}, { 'retry-after': '3' }), getProfile, apiKey)?.retryAfterMs).toBe(3000);
  });

  it('5xx after a create is uncertain, on a read transient', () => {
    const gateway = { message: 'Endpoint request timed out' };
    expect(lexofficeErrorFor(res(504, gateway), postInvoice, apiKey)?.kind).toBe('uncertain');
    expect(lexofficeErrorFor(res(500, { message: null }), postInvoice, apiKey)?.kind).toBe('uncertain');
    expect(lexofficeErrorFor(res(503, null), getProfile, apiKey)?.kind).toBe('transient');
    expect(lexofficeErrorFor(res(504, gateway), { ...postContact, method: 'PUT', idempotent: true }, apiKey)?.kind).toBe('transient');
  });

  it('answers null for a success', () => {
    expect(lexofficeErrorFor(res(202, ''), getProfile, apiKey)).toBeNull();
  });
});

describe('field paths', () => {
  it('maps lexoffice paths with or without indexes to the neutral model', () => {
    expect(neutralField('lineItems[2].name')?.field).toBe('lines.2.title');
    expect(neutralField('lineItems.name')?.field).toBe('lines');
    expect(neutralField('company.contactPersons[0].emailAddress')?.field).toBe('customer.contactPerson.email');
    expect(neutralField('addresses.billing[0].countryCode')?.field).toBe('customer.address.countryCode');
    expect(neutralField('emailAddresses.business[0]')?.field).toBe('customer.email');
    expect(neutralField('voucherItems[1].taxAmount')?.field).toBe('lines');
    expect(neutralField('something.else')).toBeUndefined();
  });

  it('reads the three shapes', () => {
    expect(readErrorBody({ message: 'Unauthorized' }).shape).toBe('gateway');
    expect(readErrorBody({ IssueList: [] }).shape).toBe('issue_list');
    expect(readErrorBody({ status: 406, details: [] }).shape).toBe('details');
    expect(readErrorBody('<html>').shape).toBe('unknown');
  });
});
