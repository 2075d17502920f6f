import { ConnectorError, type Customer, customer as customerSchema } from '@accounting-hub/core';
import { CORRECTED_BOERSE_VAT_ID, seedCustomers } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lexofficeConnector } from '../connector.js';
import { type LexofficeSandbox, createLexofficeSandbox } from '../sandbox/index.js';
import { type TestContext, apiKeyAuth, sandboxOptions, testContext } from '../testing.test-support.js';

let sandbox: LexofficeSandbox;
let t: TestContext;

beforeAll(async () => {
  sandbox = await createLexofficeSandbox({ requestsPerSecond: 10 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.control.reset();
  t = testContext(sandboxOptions(sandbox), apiKeyAuth(sandbox));
});

const upsert = (customer: Customer, remote: { id: string } | null = null) => lexofficeConnector.upsertCustomer(t.ctx, { customer, remote });
const calls = (method: string, path: RegExp) => t.records.filter((r) => r.method === method && path.test(r.path)).length;

async function caught(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a ConnectorError');
}

describe('creating contacts', () => {
  it('sends a company exactly like the SEMCO call log (roles.customer, one primary contact person, version 0)', async () => {
    const result = await upsert(seedCustomers.iLearn);
    expect(result.action).toBe('created');
    expect(t.records.find((r) => r.method === 'POST')?.request).toEqual({
      version: 0,
      roles: { customer: {} },
      company: {
        name: 'I-Learn GmbH',
        allowTaxFreeInvoices: false,
        contactPersons: [
          { primary: true, salutation: 'Frau', firstName: 'Nina', lastName: 'Zimmermann', emailAddress: 'nina.zimmermann@semcosoft.com', phoneNumber: '089-664555' },
        ],
      },
      addresses: { billing: [{ street: 'Maxstraße 12', zip: '80333', city: 'München', countryCode: 'DE' }] },
      emailAddresses: { business: ['info_ilearn@semcosoft.com'] },
      phoneNumbers: { business: ['089-4545555'] },
    });
  });

  it('sends a person with salutation, names, business and mobile phone, and writes the customer number back', async () => {
    const result = await upsert(seedCustomers.jannikHuber);
    const body = t.records.find((r) => r.method === 'POST')?.request as Record<string, unknown>;
    expect(body.person).toEqual({ salutation: 'Herr', firstName: 'Jannik', lastName: 'Huber' });
    expect(body.phoneNumbers).toEqual({ business: ['06221-54545455'], mobile: ['0173-56655111'] });
    expect(result.customer.customerNumber).toBe('10001');
    expect((await sandbox.control.customers())[0]).toMatchObject({ name: 'Jannik Huber', customerNumber: '10001' });
  });

  it('names the customer and the field when lexoffice refuses the VAT id, and succeeds once it is corrected', async () => {
    const error = await caught(upsert(seedCustomers.boerseGmbH));
    expect(error.toJSON()).toMatchObject({
      kind: 'validation',
      message: 'The VAT id DE28407065 of customer Börse GmbH is invalid: a German VAT id is DE followed by 9 digits (customer.vatId).',
      field: 'customer.vatId',
      providerField: 'company.vatRegistrationId',
      providerKey: 'vat_registration_id_invalid_number_9_digits',
    });
    const corrected = customerSchema.parse({ ...seedCustomers.boerseGmbH, vatId: CORRECTED_BOERSE_VAT_ID });
    expect((await upsert(corrected)).action).toBe('created');
    const stored = [...sandbox.state.contacts.values()][0];
    expect(stored?.company).toMatchObject({ vatRegistrationId: 'DE284070765', allowTaxFreeInvoices: true });
  });

  it('settles a create that answered 504 after the write: the contact that landed, no second one', async () => {
    await sandbox.control.injectFault({ kind: 'after_write', status: 504, match: { method: 'POST', path: '^/v1/contacts$' } });
    const result = await upsert(seedCustomers.jodelUndSoehne);
    expect(result.action).toBe('created');
    const inTool = await sandbox.control.customers();
    expect(inTool).toHaveLength(1);
    expect(result.customer).toMatchObject({ id: inTool[0]?.id, customerNumber: '10001' });
  });
});

describe('updating contacts', () => {
  it('leaves an unchanged contact alone: no PUT', async () => {
    const created = await upsert(seedCustomers.jodelUndSoehne);
    const again = await upsert(seedCustomers.jodelUndSoehne, created.customer);
    expect(again).toEqual({ action: 'unchanged', customer: created.customer });
    expect(calls('PUT', /^\/v1\/contacts\//)).toBe(0);
  });

  it('puts a changed contact once with the version it read, keeping what the bookkeeper added', async () => {
    const created = await upsert(seedCustomers.jodelUndSoehne);
    const stored = sandbox.state.contacts.get(created.customer.id);
    if (!stored) throw new Error('not stored');
    stored.addresses = { ...stored.addresses, shipping: [{ street: 'Lagerweg 1', zip: '55116', city: 'Mainz', countryCode: 'DE' }] };
    stored.note = 'Stammkunde';
    const changed = customerSchema.parse({ ...seedCustomers.jodelUndSoehne, email: 'buchhaltung@jodel.example', phone: undefined });
    const result = await upsert(changed, created.customer);
    expect(result.action).toBe('updated');
    expect(result.customer).toMatchObject({ id: created.customer.id, customerNumber: '10001', version: 2 });
    expect(calls('PUT', /^\/v1\/contacts\//)).toBe(1);
    const put = t.records.find((r) => r.method === 'PUT')?.request as Record<string, unknown>;
    expect(put.version).toBe(1);
    expect(put).not.toHaveProperty('id');
    const after = sandbox.state.contacts.get(created.customer.id);
    expect(after?.emailAddresses).toEqual({ business: ['buchhaltung@jodel.example'] });
    expect(after?.phoneNumbers).toEqual({});
    expect(after?.addresses?.shipping).toHaveLength(1);
    expect(after?.note).toBe('Stammkunde');
    expect(after?.roles.customer?.number).toBe(10001);
  });

  it('re-reads and retries once on a version conflict (409)', async () => {
    const created = await upsert(seedCustomers.iLearn);
    await sandbox.control.injectFault({ kind: 'status', status: 409, match: { method: 'PUT', path: '^/v1/contacts/' } });
    const result = await upsert(customerSchema.parse({ ...seedCustomers.iLearn, phone: '089-1111111' }), created.customer);
    expect(result.action).toBe('updated');
    expect(calls('PUT', /^\/v1\/contacts\//)).toBe(2);
    expect(calls('GET', /^\/v1\/contacts\//)).toBe(3);
  });

  it('treats a 406 on `version` (seen by one client) as a conflict too, and gives up after the second', async () => {
    const created = await upsert(seedCustomers.iLearn);
    const stale = { IssueList: [{ i18nKey: 'invalid_value', source: 'version', type: 'validation_failure' }] };
    await sandbox.control.injectFault({ kind: 'status', status: 406, body: stale, times: 2, match: { method: 'PUT', path: '^/v1/contacts/' } });
    const error = await caught(upsert(customerSchema.parse({ ...seedCustomers.iLearn, phone: '089-2222222' }), created.customer));
    expect(error.kind).toBe('conflict');
    expect(calls('PUT', /^\/v1\/contacts\//)).toBe(2);
  });

  it('really conflicts when lexoffice changed the contact between read and write', async () => {
    const created = await upsert(seedCustomers.iLearn);
    // A bookkeeper edits the contact at the moment the hub reads it: the first PUT carries a stale version.
    await sandbox.control.injectFault({ kind: 'latency', ms: 150, match: { method: 'PUT', path: '^/v1/contacts/' } });
    const pending = upsert(customerSchema.parse({ ...seedCustomers.iLearn, phone: '089-3333333' }), created.customer);
    await new Promise((r) => setTimeout(r, 60));
    await fetch(new URL(`/__sandbox/contacts/${created.customer.id}/touch`, sandbox.url), { method: 'POST' });
    const result = await pending;
    expect(result.action).toBe('updated');
    expect(sandbox.state.contacts.get(created.customer.id)?.phoneNumbers?.business).toEqual(['089-3333333']);
    expect(sandbox.state.contacts.get(created.customer.id)?.note).toMatch(/Bearbeitet in lexoffice/);
  });

  it('tells the tenant to fix a hand-edited contact (second contact person) or disable sync, without a PUT', async () => {
    const created = await upsert(seedCustomers.iLearn);
    const res = await fetch(new URL(`/__sandbox/contacts/${created.customer.id}/add-contact-person`, sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ salutation: 'Herr', firstName: 'Tom', lastName: 'Weber' }),
    });
    expect(res.status).toBe(200);
    const error = await caught(upsert(customerSchema.parse({ ...seedCustomers.iLearn, phone: '089-9999999' }), created.customer));
    expect(error.kind).toBe('validation');
    expect(error.message).toBe(
      'The contact of customer I-Learn GmbH was edited by hand in lexoffice (2 contact persons), and lexoffice refuses API updates of such contacts: ' +
        'correct it in lexoffice (one contact person, one address, one e-mail and phone number of each kind) or disable sync for I-Learn GmbH.',
    );
    expect(error.providerKey).toBe('invalid_value');
    expect(calls('PUT', /^\/v1\/contacts\//)).toBe(0);
  });

  it('does not stop bookings for a hand edit when nothing needs writing', async () => {
    const created = await upsert(seedCustomers.iLearn);
    const stored = sandbox.state.contacts.get(created.customer.id);
    if (!stored) throw new Error('not stored');
    stored.emailAddresses = { ...stored.emailAddresses, office: ['a@ilearn.example', 'b@ilearn.example'] };
    expect((await upsert(seedCustomers.iLearn, created.customer)).action).toBe('unchanged');
    const error = await caught(upsert(customerSchema.parse({ ...seedCustomers.iLearn, phone: '089-5555555' }), created.customer));
    expect(error.message).toMatch(/\(2 office e-mail addresses\)/);
  });

  it("maps lexoffice's own refusal of a hand-edited contact (406 invalid_value) to the same advice", async () => {
    const created = await upsert(seedCustomers.iLearn);
    const refusal = { IssueList: [{ i18nKey: 'invalid_value', source: null, type: 'validation_failure' }] };
    await sandbox.control.injectFault({ kind: 'status', status: 406, body: refusal, match: { method: 'PUT', path: '^/v1/contacts/' } });
    const error = await caught(upsert(customerSchema.parse({ ...seedCustomers.iLearn, phone: '089-7777777' }), created.customer));
    expect(error.message).toMatch(/edited by hand in lexoffice .*disable sync for I-Learn GmbH/);
  });

  it('creates the contact anew when the linked one is gone', async () => {
    const result = await upsert(seedCustomers.bettinaWolf, { id: '00000000-0000-4000-8000-000000000000' });
    expect(result.action).toBe('created');
    expect(await sandbox.control.customers()).toHaveLength(1);
  });
});
