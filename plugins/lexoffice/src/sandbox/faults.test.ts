/**
 * The testkit's fault injection, probabilistic faults included, reaches lexoffice's create paths: a fault answers
 * before the gateway (auth, rate limit) like a proxy in front of lexoffice, and `after_write` lets the write land
 * (contact, voucher, file, invoice, sendmail) before it replaces the answer.
 */
import { credentialFingerprint } from '@accounting-hub/connector-testkit/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorizeWithPkce } from '../testing.test-support.js';
import { type LexofficeSandbox, createLexofficeSandbox } from './server.js';

let sandbox: LexofficeSandbox;
let oauthToken: string;

beforeAll(async () => {
  sandbox = await createLexofficeSandbox({ requestsPerSecond: 100 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.control.reset();
  oauthToken = (await authorizeWithPkce(sandbox)).access_token;
});

async function call(method: string, path: string, body?: unknown, token = sandbox.apiKey): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL(path, sandbox.url), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const contact = {
  version: 0,
  roles: { customer: {} },
  company: { name: 'I-Learn GmbH', contactPersons: [{ primary: true, lastName: 'Zimmermann', emailAddress: 'z@ilearn.example' }] },
  addresses: { billing: [{ street: 'Maxstraße 12', zip: '80333', city: 'München', countryCode: 'DE' }] },
};
const EINNAHMEN = '8f8664a1-fd86-11e1-a21f-0800200c9a66';
const voucher = (contactId: string, voucherNumber: string) => ({
  type: 'salesinvoice',
  voucherNumber,
  voucherDate: '2021-01-27',
  taxType: 'net',
  contactId,
  totalGrossAmount: 119,
  totalTaxAmount: 19,
  voucherItems: [{ amount: 100, taxAmount: 19, taxRatePercent: 19, categoryId: EINNAHMEN }],
});
const invoice = (contactId: string) => ({
  voucherDate: '2021-01-27T00:00:00.000+01:00',
  address: { contactId },
  lineItems: [{ type: 'custom', name: 'Kurs', quantity: 1, unitName: 'Kurs', unitPrice: { currency: 'EUR', netAmount: 100, taxRatePercentage: 19 } }],
  totalPrice: { currency: 'EUR' },
  taxConditions: { taxType: 'net' },
  shippingConditions: { shippingType: 'service', shippingDate: '2021-01-27T00:00:00.000+01:00' },
});
const afterWrite = (path: string) => ({ kind: 'after_write' as const, status: 504, probability: 1, times: 1, match: { method: 'POST', path } });

describe('injected faults on lexoffice', () => {
  it('after_write lets contact, voucher, file, invoice and sendmail land, then answers 504', async () => {
    await sandbox.control.injectFault(afterWrite('^/v1/contacts$'));
    expect((await call('POST', '/v1/contacts', contact, oauthToken)).status).toBe(504);
    const [created] = await sandbox.control.customers();
    expect(created?.name).toBe('I-Learn GmbH');
    const contactId = created!.id;

    await sandbox.control.injectFault(afterWrite('^/v1/vouchers$'));
    expect((await call('POST', '/v1/vouchers', voucher(contactId, 'RE-AW-1'), oauthToken)).status).toBe(504);
    const stored = (await sandbox.control.documents()).find((d) => d.number === 'RE-AW-1');
    expect(stored).toMatchObject({ kind: 'voucher', totalGross: '119.00' });

    await sandbox.control.injectFault(afterWrite('^/v1/vouchers/[^/]+/files$'));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.4 hello'))]), 'a.pdf');
    const upload = await fetch(new URL(`/v1/vouchers/${stored!.id}/files`, sandbox.url), { method: 'POST', headers: { authorization: `Bearer ${oauthToken}` }, body: form });
    expect(upload.status).toBe(504);
    expect((await sandbox.control.documents()).find((d) => d.id === stored!.id)?.files).toHaveLength(1);

    await sandbox.control.injectFault(afterWrite('^/v1/invoices$'));
    expect((await call('POST', '/v1/invoices?finalize=true', invoice(contactId), oauthToken)).status).toBe(504);
    const inv = (await sandbox.control.documents()).find((d) => d.kind === 'invoice');
    expect(inv).toMatchObject({ status: 'open', number: 'RE0001' });

    await sandbox.control.injectFault(afterWrite('/sendmail$'));
    const sent = await call('POST', `/v1/invoices/${inv!.id}/sendmail`, { recipients: ['z@ilearn.example'] }, oauthToken);
    expect(sent.status).toBe(504);
    expect(sent.body).toMatchObject({ error: { code: 'injected_fault' } });
    const mails = (await (await fetch(new URL('/__sandbox/mails', sandbox.url))).json()) as unknown[];
    expect(mails).toHaveLength(1);

    expect((await sandbox.control.faultReport()).fired).toEqual({ 'after_write:504': 5 });
  });

  it('a probabilistic 503 or 429 refuses before the write; the rest lands', async () => {
    const contactId = String((await call('POST', '/v1/contacts', contact)).body.id);
    await sandbox.control.injectFault({ kind: 'status', status: 503, probability: 0.3, seed: 5, match: { method: 'POST', path: '^/v1/vouchers$' } });
    await sandbox.control.injectFault({ kind: 'status', status: 429, probability: 0.2, seed: 6, match: { method: 'POST', path: '^/v1/vouchers$' } });
    await sandbox.control.injectFault({ kind: 'latency', ms: 0, jitterMs: 3, probability: 1, seed: 7, match: {} });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await call('POST', '/v1/vouchers', voucher(contactId, `RE-P-${i}`))).status);
    const refused = statuses.filter((s) => s === 503 || s === 429).length;
    expect(refused).toBeGreaterThan(5);
    expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(60 - refused);
    expect((await sandbox.control.documents()).filter((d) => d.kind === 'voucher')).toHaveLength(60 - refused);
    const { fired } = await sandbox.control.faultReport();
    expect((fired['status:503'] ?? 0) + (fired['status:429'] ?? 0)).toBe(refused);
  });

  it('lists every code and token it issued (GET /__sandbox/oauth/tokens)', async () => {
    const second = await authorizeWithPkce(sandbox);
    const issued = (await (await fetch(new URL('/__sandbox/oauth/tokens', sandbox.url))).json()) as { kind: string; value: string }[];
    const values = issued.map((t) => t.value);
    expect(values).toEqual(expect.arrayContaining([oauthToken, second.access_token, second.refresh_token]));
    expect(issued.filter((t) => t.kind === 'code').length).toBeGreaterThanOrEqual(2);
  });

  it('counts requests per credential: the API key and each OAuth connection apart', async () => {
    await call('GET', '/v1/profile');
    await call('GET', '/v1/profile', undefined, oauthToken);
    await call('GET', '/v1/profile', undefined, oauthToken);
    // (The authorization itself counts too: the browser's GET /oauth2/authorize, the client's POST /oauth2/token.)
    expect(await sandbox.control.requestsByCredential()).toMatchObject({
      [credentialFingerprint(sandbox.apiKey)]: 1,
      [credentialFingerprint(oauthToken)]: 2,
    });
  });
});
