import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LexofficeSandbox, createLexofficeSandbox } from './server.js';

/** The sandbox's lexoffice rules, called the way any client would (plain HTTP). */
let sandbox: LexofficeSandbox;
let legacy: LexofficeSandbox;

beforeAll(async () => {
  sandbox = await createLexofficeSandbox({ requestsPerSecond: 10 });
  legacy = await createLexofficeSandbox({ requestsPerSecond: 10, staleVersionStatus: 406, eInvoiceEnabled: true });
});
afterAll(async () => {
  await sandbox.close();
  await legacy.close();
});
beforeEach(async () => {
  await sandbox.control.reset();
  await legacy.control.reset();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(method: string, path: string, body?: unknown, s: LexofficeSandbox = sandbox, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(new URL(path, s.url), {
    method,
    headers: { authorization: `Bearer ${s.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const company = (extra: Record<string, unknown> = {}) => ({
  version: 0,
  roles: { customer: {} },
  company: { name: 'I-Learn GmbH', vatRegistrationId: 'DE284070765', contactPersons: [{ primary: true, lastName: 'Zimmermann' }], ...extra },
  addresses: { billing: [{ street: 'Maxstraße 12', zip: '80333', city: 'München', countryCode: 'DE' }] },
});

async function contactId(s: LexofficeSandbox = sandbox): Promise<string> {
  const created = await call('POST', '/v1/contacts', company(), s);
  return String(created.body.id);
}

const EINNAHMEN = '8f8664a1-fd86-11e1-a21f-0800200c9a66';
const voucher = (contact: string, extra: Record<string, unknown> = {}) => ({
  type: 'salesinvoice',
  voucherNumber: 'RE21-01040',
  voucherDate: '2021-01-27',
  taxType: 'net',
  contactId: contact,
  totalGrossAmount: 10495,
  totalTaxAmount: 1595,
  voucherItems: [
    { amount: 8100, taxAmount: 1539, taxRatePercent: 19, categoryId: EINNAHMEN },
    { amount: 800, taxAmount: 56, taxRatePercent: 7, categoryId: EINNAHMEN },
  ],
  ...extra,
});

const keys = (a: Answer) => (a.body.IssueList as { i18nKey: string; source: string | null }[]).map((i) => `${i.i18nKey}@${i.source}`);

describe('gateway', () => {
  it('answers 401 {"message":"Unauthorized"} without or with a wrong token, 403 for unknown routes', async () => {
    expect(await call('GET', '/v1/profile', undefined, sandbox, { authorization: '' })).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect((await call('GET', '/v1/profile', undefined, sandbox, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call('GET', '/v1/nothing-here')).status).toBe(403);
  });

  it('refuses JSON writes without Content-Type application/json with 415', async () => {
    const res = await fetch(new URL('/v1/contacts', sandbox.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'text/plain' },
      body: JSON.stringify(company()),
    });
    expect(res.status).toBe(415);
  });
});

describe('contacts', () => {
  it('refuses roles as a list, neither company nor person, two contact persons, a missing version', async () => {
    expect(keys(await call('POST', '/v1/contacts', { ...company(), roles: [] }))).toEqual(['missing_entity@roles']);
    expect(keys(await call('POST', '/v1/contacts', { version: 0, roles: { customer: {} } }))).toEqual(['missing_entity@company or person']);
    const two = company({ contactPersons: [{ lastName: 'A' }, { lastName: 'B' }] });
    expect(keys(await call('POST', '/v1/contacts', two))).toEqual(['invalid_value@company.contactPersons']);
    const { version: _v, ...noVersion } = company();
    expect(keys(await call('POST', '/v1/contacts', noVersion))).toEqual(['missing_entity@version']);
  });

  it('checks German VAT ids as DE plus 9 digits, exactly as the SEMCO log shows', async () => {
    const res = await call('POST', '/v1/contacts', company({ vatRegistrationId: 'DE28407065' }));
    expect(res.status).toBe(406);
    expect(res.body.IssueList).toEqual([
      { i18nKey: 'vat_registration_id_invalid_number_9_digits', source: 'company.vatRegistrationId', type: 'validation_failure', additionalData: null, args: ['DE'] },
    ]);
  });

  it('numbers customers from 10001 and answers 409 for a stale version (406 where configured)', async () => {
    const id = await contactId();
    const read = await call('GET', `/v1/contacts/${id}`);
    expect(read.body).toMatchObject({ version: 1, roles: { customer: { number: 10001 } } });
    const ok = await call('PUT', `/v1/contacts/${id}`, { ...read.body, version: 1 });
    expect(ok.body.version).toBe(2);
    expect((await call('PUT', `/v1/contacts/${id}`, { ...read.body, version: 1 })).status).toBe(409);
    const other = await contactId(legacy);
    const stale = await call('PUT', `/v1/contacts/${other}`, { ...company(), version: 7 }, legacy);
    expect(stale.status).toBe(406);
    expect(keys(stale)).toEqual(['invalid_value@version']);
  });

  it('filters by name with HTML-encoded search strings and refuses names shorter than 3 characters', async () => {
    await call('POST', '/v1/contacts', { ...company(), company: { name: 'Müller & Söhne' } });
    const found = await call('GET', `/v1/contacts?name=${encodeURIComponent('müller &amp; s')}`);
    expect((found.body.content as unknown[]).length).toBe(1);
    expect((await call('GET', '/v1/contacts?name=ab')).status).toBe(400);
  });
});

describe('vouchers', () => {
  it('accepts the SEMCO voucher and refuses totals or tax a cent off', async () => {
    const id = await contactId();
    expect((await call('POST', '/v1/vouchers', voucher(id))).status).toBe(200);
    expect(keys(await call('POST', '/v1/vouchers', voucher(id, { totalGrossAmount: 10495.01 })))).toEqual(['invalid_value@totalGrossAmount']);
    const badTax = voucher(id, {
      totalTaxAmount: 1596,
      totalGrossAmount: 10496,
      voucherItems: [
        { amount: 8100, taxAmount: 1540, taxRatePercent: 19, categoryId: EINNAHMEN },
        { amount: 800, taxAmount: 56, taxRatePercent: 7, categoryId: EINNAHMEN },
      ],
    });
    expect(keys(await call('POST', '/v1/vouchers', badTax))).toEqual(['invalid_value@voucherItems[0].taxAmount']);
  });

  it('allows a cent of spread only where one rate spans several categories, and only if the rate adds up', async () => {
    const id = await contactId();
    const items = (taxes: number[]) =>
      ['8f8664a0-fd86-11e1-a21f-0800200c9a66', '8f8664a4-fd86-11e1-a21f-0800200c9a66', '8f8664a8-fd86-11e1-a21f-0800200c9a66'].map((categoryId, i) => ({
        amount: 10.03,
        taxAmount: taxes[i],
        taxRatePercent: 19,
        categoryId,
      }));
    const body = (taxes: number[]) => {
      const tax = Math.round(taxes.reduce((a, b) => a + b, 0) * 100) / 100;
      return voucher(id, { voucherItems: items(taxes), totalTaxAmount: tax, totalGrossAmount: Math.round((30.09 + tax) * 100) / 100 });
    };
    expect((await call('POST', '/v1/vouchers', body([1.9, 1.91, 1.91]))).status).toBe(200);
    expect(keys(await call('POST', '/v1/vouchers', body([1.91, 1.91, 1.91])))).toEqual(['invalid_value@voucherItems[0].taxAmount']);
    expect((await call('POST', '/v1/vouchers', body([1.89, 1.92, 1.91]))).status).toBe(406);
  });

  it('refuses zero items, float noise, rates and categories that do not fit, and §13b without a VAT id', async () => {
    const id = await contactId();
    const item = (extra: Record<string, unknown>) => voucher(id, { voucherItems: [{ amount: 100, taxAmount: 19, taxRatePercent: 19, categoryId: EINNAHMEN, ...extra }], totalGrossAmount: 119, totalTaxAmount: 19 });
    expect(keys(await call('POST', '/v1/vouchers', item({ amount: 0, taxAmount: 0 })))).toContain('invalid_value@voucherItems[0].amount');
    expect(keys(await call('POST', '/v1/vouchers', item({ taxAmount: 19.000000000000004 })))).toContain('invalid_value@voucherItems[0].taxAmount');
    expect(keys(await call('POST', '/v1/vouchers', item({ taxRatePercent: 20 })))).toContain('invalid_value@voucherItems[0].taxRatePercent');
    const kleinunternehmer = '7a1efa0e-6283-4cbf-9583-8e88d3ba5960';
    expect(keys(await call('POST', '/v1/vouchers', item({ categoryId: kleinunternehmer })))).toContain('invalid_value@voucherItems[0].taxRatePercent');
    const person = await call('POST', '/v1/contacts', { version: 0, roles: { customer: {} }, person: { lastName: 'Huber' } });
    const fremd13b = voucher(String(person.body.id), {
      voucherItems: [{ amount: 100, taxAmount: 0, taxRatePercent: 0, categoryId: '380a20cb-d04c-426e-b49c-84c22adfa362' }],
      totalGrossAmount: 100,
      totalTaxAmount: 0,
    });
    expect(keys(await call('POST', '/v1/vouchers', fremd13b))).toEqual(['invalid_value@contactId']);
    // Older rates stay bookable for vouchers.
    expect((await call('POST', '/v1/vouchers', voucher(id, { voucherItems: [{ amount: 100, taxAmount: 16, taxRatePercent: 16, categoryId: EINNAHMEN }], totalGrossAmount: 116, totalTaxAmount: 16 }))).status).toBe(200);
    expect(keys(await call('POST', '/v1/vouchers', voucher(id, { voucherDate: '2021-01-27T00:00:00.000+01:00' })))).toEqual(['invalid_value@voucherDate']);
  });

  it('takes pdf/png/jpg files up to 5 MB as multipart part `file` (202) and refuses the rest', async () => {
    const id = String((await call('POST', '/v1/vouchers', voucher(await contactId()))).body.id);
    const upload = async (bytes: Buffer, name: string, s = sandbox, voucherId = id) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), name);
      const res = await fetch(new URL(`/v1/vouchers/${voucherId}/files`, s.url), { method: 'POST', headers: { authorization: `Bearer ${s.apiKey}` }, body: form });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect((await upload(Buffer.from('%PDF-1.4 hello'), 'a.pdf')).status).toBe(202);
    expect(keys(await upload(Buffer.from('<?xml version="1.0"?><x/>'), 'a.xml'))).toEqual(['inacceptable_file_extension@file']);
    expect(keys(await upload(Buffer.from('MZ this is no document'), 'a.exe'))).toEqual(['inacceptable_file_extension@file']);
    expect(keys(await upload(Buffer.concat([Buffer.from('%PDF-1.4'), Buffer.alloc(5 * 1024 * 1024)]), 'big.pdf'))).toEqual(['file_too_large@file']);
    // With the E-Rechnung setting, XML is fine.
    const legacyVoucher = String((await call('POST', '/v1/vouchers', voucher(await contactId(legacy)), legacy)).body.id);
    expect((await upload(Buffer.from('<?xml version="1.0"?><x/>'), 'a.xml', legacy, legacyVoucher)).status).toBe(202);
  });
});

describe('invoices and credit notes', () => {
  const invoice = (contact: string, extra: Record<string, unknown> = {}) => ({
    voucherDate: '2021-01-27T00:00:00.000+01:00',
    address: { contactId: contact },
    lineItems: [{ type: 'custom', name: 'Kurs', quantity: 1, unitName: 'Kurs', unitPrice: { currency: 'EUR', netAmount: 1800, taxRatePercentage: 19 } }],
    totalPrice: { currency: 'EUR' },
    taxConditions: { taxType: 'net' },
    shippingConditions: { shippingType: 'service', shippingDate: '2021-01-27T00:00:00.000+01:00' },
    ...extra,
  });
  const fields = (a: Answer) => (a.body.details as { field: string }[]).map((d) => d.field);

  it('creates drafts unless finalize=true is spelled exactly so, and numbers RE0001, RE0002', async () => {
    const id = await contactId();
    const typo = await call('POST', '/v1/invoices?finalized=true', invoice(id));
    const read = await call('GET', `/v1/invoices/${typo.body.id}`);
    expect(read.body).toMatchObject({ voucherStatus: 'draft', voucherNumber: 'RE0001', totalPrice: { totalGrossAmount: 2142, totalTaxAmount: 342 } });
    const open = await call('POST', '/v1/invoices?finalize=true', invoice(id));
    expect((await call('GET', `/v1/invoices/${open.body.id}`)).body).toMatchObject({ voucherStatus: 'open', voucherNumber: 'RE0002' });
  });

  it('refuses a negative total, another currency, datetimes without milliseconds, §13b for a contact without VAT id', async () => {
    const id = await contactId();
    const negative = invoice(id, { lineItems: [{ type: 'custom', name: 'Gutschrift', quantity: 1, unitName: 'x', unitPrice: { currency: 'EUR', netAmount: -1, taxRatePercentage: 19 } }] });
    expect(fields(await call('POST', '/v1/invoices', negative))).toEqual(['totalPrice']);
    expect(fields(await call('POST', '/v1/invoices', invoice(id, { totalPrice: { currency: 'USD' } })))).toEqual(['totalPrice.currency']);
    expect(fields(await call('POST', '/v1/invoices', invoice(id, { voucherDate: '2021-01-27T00:00:00+01:00' })))).toEqual(['voucherDate']);
    const person = String((await call('POST', '/v1/contacts', { version: 0, roles: { customer: {} }, person: { lastName: 'Huber' } })).body.id);
    const rc = invoice(person, {
      taxConditions: { taxType: 'externalService13b' },
      lineItems: [{ type: 'custom', name: 'Kurs', quantity: 1, unitName: 'Kurs', unitPrice: { currency: 'EUR', netAmount: 100, taxRatePercentage: 0 } }],
    });
    expect(fields(await call('POST', '/v1/invoices', rc))).toEqual(['address.contactId']);
  });

  it('credits only finalized invoices, and only once', async () => {
    const id = await contactId();
    const draft = await call('POST', '/v1/invoices', invoice(id));
    const note = invoice(id);
    delete (note as Record<string, unknown>).shippingConditions;
    expect((await call('POST', `/v1/credit-notes?precedingSalesVoucherId=${draft.body.id}&finalize=true`, note)).status).toBe(406);
    const open = await call('POST', '/v1/invoices?finalize=true', invoice(id));
    const first = await call('POST', `/v1/credit-notes?precedingSalesVoucherId=${open.body.id}&finalize=true`, note);
    expect((await call('GET', `/v1/credit-notes/${first.body.id}`)).body).toMatchObject({ voucherStatus: 'paidoff', voucherNumber: 'GS0001' });
    expect((await call('POST', `/v1/credit-notes?precedingSalesVoucherId=${open.body.id}&finalize=true`, note)).status).toBe(406);
  });

  it('has no sendmail for API keys (partner API only)', async () => {
    const open = await call('POST', '/v1/invoices?finalize=true', invoice(await contactId()));
    expect((await call('POST', `/v1/invoices/${open.body.id}/sendmail`, { recipients: ['a@b.de'] })).status).toBe(403);
  });
});

describe('voucherlist', () => {
  it('needs voucherType and voucherStatus, takes dates only, and finds by HTML-encoded number', async () => {
    const id = await contactId();
    await call('POST', '/v1/vouchers', voucher(id, { voucherNumber: 'R&D-1' }));
    expect((await call('GET', '/v1/voucherlist?voucherStatus=any')).status).toBe(400);
    const datetime = await call('GET', '/v1/voucherlist?voucherType=any&voucherStatus=any&voucherDateFrom=2021-01-01T00:00:00%2B00:00');
    expect(datetime.status).toBe(400);
    expect(datetime.body.message).toBe("Invalid value '2021-01-01T00:00:00+00:00' received for request parameter 'voucherDateFrom'.");
    const found = await call('GET', `/v1/voucherlist?voucherType=salesinvoice&voucherStatus=any&voucherNumber=${encodeURIComponent('R&amp;D-1')}`);
    expect(found.body.content).toEqual([
      expect.objectContaining({ voucherType: 'salesinvoice', voucherStatus: 'open', voucherNumber: 'R&D-1', totalAmount: 10495, contactName: 'I-Learn GmbH', contactId: id }),
    ]);
    const byDay = await call('GET', '/v1/voucherlist?voucherType=salesinvoice&voucherStatus=open&voucherDateFrom=2021-01-28&voucherDateTo=2021-01-28');
    expect(byDay.body.content).toEqual([]);
  });
});
