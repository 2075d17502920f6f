/**
 * Issue 4, "Done when" 2: the SEMCO guide's failure story end to end. A company with an invalid VAT id fails and
 * opens a notification with lexoffice's reason; the tenant corrects the customer and syncs again, or resolves it
 * by hand, or (for a contact edited by hand in lexoffice) disables sync for the customer.
 */
import { createLexofficeSandbox, type LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import { CORRECTED_BOERSE_VAT_ID, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../sync/sweep.js';
import { startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';
import {
  apiKeyTenant,
  atLeast,
  callLog,
  callName,
  inboxWhen,
  NO_SCHEDULED_SWEEP,
  none,
  notifications,
  submit,
  TEST_RPS,
} from './lexoffice-support.js';

let hub: TestHub;
const sandboxes: LexofficeSandbox[] = [];

beforeAll(async () => {
  // The test runs the sweep itself (to show it does not book a resolved invoice); no scheduled one besides.
  hub = await startTestHub({ env: { SWEEP_CRON: NO_SCHEDULED_SWEEP } });
});
afterAll(async () => {
  await hub?.close();
  await Promise.all(sandboxes.map((s) => s.close()));
});

/** A voucher-mode tenant on its own lexoffice account (sandbox). */
async function setup(name: string): Promise<{ sandbox: LexofficeSandbox; tenant: TestTenant }> {
  const sandbox = await createLexofficeSandbox({ requestsPerSecond: TEST_RPS });
  sandboxes.push(sandbox);
  const tenant = await apiKeyTenant(hub, sandbox, name, { mode: 'voucher' });
  return { sandbox, tenant };
}

const boerse = seedInvoiceInputs.boerseGmbH;

/** Submits RE21-01043 (Börse GmbH, VAT id DE28407065) and checks the failure as the guide's inbox shows it. */
async function failOnVatId(tenant: TestTenant): Promise<{ invoiceId: string; notificationId: string }> {
  const invoiceId = await submit(hub, tenant, boerse);
  const failed = await hub.waitForInvoice(tenant, invoiceId, ['failed']);
  expect(failed).toMatchObject({
    number: 'RE21-01043',
    status: 'failed',
    remote: null,
    lastError: {
      kind: 'validation',
      field: 'customer.vatId',
      providerKey: 'vat_registration_id_invalid_number_9_digits',
      providerField: 'company.vatRegistrationId',
      httpStatus: 406,
    },
  });
  // A validation error is final at once: no retries against lexoffice.
  expect(failed.attempts).toBe(1);

  const open = await inboxWhen(hub, tenant, 'open', atLeast(1));
  expect(open).toHaveLength(1);
  const [notification] = open;
  expect(notification).toMatchObject({ invoiceId, kind: 'sync_failed', state: 'open', resolution: null });
  expect(notification!.message).toContain('RE21-01043');
  expect(notification!.message).toContain('The VAT id DE28407065 of customer Börse GmbH is invalid');
  expect(notification!.message).toContain('DE followed by 9 digits');

  // The failing call, as the guide's protocol shows it: POST /v1/contacts with lexoffice's IssueList.
  const errors = await callLog(hub, tenant, { errorsOnly: 'true' });
  expect(errors.map(callName)).toEqual(['POST /v1/contacts']);
  expect(errors[0]).toMatchObject({
    invoiceId,
    statusCode: 406,
    error: true,
    request: { company: { name: 'Börse GmbH', vatRegistrationId: 'DE28407065', contactPersons: [{ lastName: 'Seeler' }] } },
    response: {
      IssueList: [
        { i18nKey: 'vat_registration_id_invalid_number_9_digits', source: 'company.vatRegistrationId', type: 'validation_failure' },
      ],
    },
  });
  expect(errors[0]!.message).toBe('406 Not Acceptable');
  return { invoiceId, notificationId: notification!.id };
}

describe('Börse GmbH with an invalid VAT id', () => {
  it('fails with lexoffice\'s reason; the tenant corrects the customer, syncs again: booked, the notification resolved as synced', async () => {
    const { sandbox, tenant } = await setup('Korrektur GmbH');
    const { invoiceId, notificationId } = await failOnVatId(tenant);
    expect(await sandbox.control.documents()).toEqual([]);

    const { ref, ...data } = boerse.customer;
    const put = await hub.call('PUT', `/v1/customers/${ref}`, { token: tenant.apiKey, body: { ...data, vatId: CORRECTED_BOERSE_VAT_ID } });
    expect(put.statusCode, put.body).toBe(200);
    const sync = await hub.call('POST', `/v1/invoices/${invoiceId}/sync`, { token: tenant.apiKey });
    expect(sync.statusCode, sync.body).toBe(202);

    const booked = await hub.waitForInvoice(tenant, invoiceId, ['booked']);
    expect(booked).toMatchObject({ lastError: null, remote: { connector: 'lexoffice', kind: 'voucher', number: 'RE21-01043' } });
    const remote = booked.remote as { id: string };
    const [doc] = await sandbox.control.documents();
    expect(doc).toMatchObject({ id: remote.id, kind: 'voucher', totalNet: '350.00', totalTax: '66.50', totalGross: '416.50' });
    expect(doc?.files).toHaveLength(1);
    const [contact] = await sandbox.control.customers();
    expect(contact).toMatchObject({ name: 'Börse GmbH', vatId: CORRECTED_BOERSE_VAT_ID, customerNumber: expect.stringMatching(/^1\d{4}$/) });
    expect((await hub.call('GET', `/v1/customers/${ref}`, { token: tenant.apiKey })).json()).toMatchObject({
      vatId: CORRECTED_BOERSE_VAT_ID,
      remote: { connector: 'lexoffice', id: contact!.id, customerNumber: contact!.customerNumber },
    });

    expect(await inboxWhen(hub, tenant, 'open', none)).toEqual([]);
    const [resolved] = await notifications(hub, tenant, 'resolved');
    expect(resolved).toMatchObject({ id: notificationId, invoiceId, kind: 'sync_failed', state: 'resolved', resolution: 'synced' });
    expect(resolved!.resolvedAt).toEqual(expect.any(String));

    // The second attempt's calls follow the failed one in the log: the corrected contact, the voucher, the PDF.
    const calls = await callLog(hub, tenant, { invoiceId });
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => [callName(c), c.error])).toEqual([
      ['POST /v1/contacts', true],
      ['POST /v1/contacts', false],
      ['POST /v1/vouchers', false],
      ['POST /v1/vouchers/{id}/files', false],
    ]);
    expect(posts[1]!.request).toMatchObject({ company: { vatRegistrationId: CORRECTED_BOERSE_VAT_ID } });
  });

  it('the tenant books it by hand and resolves the notification: resolved as manual, the invoice resolved, and no later sync books it', async () => {
    const { sandbox, tenant } = await setup('Handbuchung GmbH');
    const { invoiceId, notificationId } = await failOnVatId(tenant);

    const res = await hub.call('POST', `/v1/notifications/${notificationId}/resolve`, { token: tenant.apiKey });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: notificationId, state: 'resolved', resolution: 'manual', resolvedAt: expect.any(String) });
    expect(await notifications(hub, tenant, 'open')).toEqual([]);
    const invoice = (await hub.call('GET', `/v1/invoices/${invoiceId}`, { token: tenant.apiKey })).json();
    expect(invoice.status).toBe('resolved');

    // Even with the customer corrected later, nothing books it again: not a sync request, not the sweep.
    const { ref, ...data } = boerse.customer;
    await hub.call('PUT', `/v1/customers/${ref}`, { token: tenant.apiKey, body: { ...data, vatId: CORRECTED_BOERSE_VAT_ID } });
    const sync = await hub.call('POST', `/v1/invoices/${invoiceId}/sync`, { token: tenant.apiKey });
    expect(sync.statusCode).toBe(409);
    const backfill = await hub.call('POST', '/v1/sync/backfill', { token: tenant.apiKey, body: { from: '2021-01-01', to: '2021-12-31' } });
    expect(backfill.statusCode, backfill.body).toBe(202);
    expect(backfill.json()).toEqual({ queued: 0 });
    const { cradle } = hub.runtime;
    await runSweep({
      pool: cradle.pool,
      syncService: cradle.syncService,
      connectionService: cradle.connectionService,
      logger: cradle.logger,
      deleteOldCallLogs: async () => 0,
    });
    await new Promise((r) => setTimeout(r, 1500)); // longer than the workers' polling interval
    expect((await hub.call('GET', `/v1/invoices/${invoiceId}`, { token: tenant.apiKey })).json()).toMatchObject({ status: 'resolved', remote: null });
    expect(await sandbox.control.documents()).toEqual([]);
    expect((await callLog(hub, tenant, { invoiceId })).map(callName)).toEqual(['POST /v1/contacts']);
  });
});

describe('a contact edited by hand in lexoffice', () => {
  it('fails the next push with the advice to correct it or disable sync; with sync disabled the invoice books without pushing the customer', async () => {
    const { sandbox, tenant } = await setup('Stammdaten GmbH');
    const first = await submit(hub, tenant, seedInvoiceInputs.iLearn);
    await hub.waitForInvoice(tenant, first, ['booked']);
    const customer = (await hub.call('GET', '/v1/customers/FN-0010', { token: tenant.apiKey })).json();
    const contactId = customer.remote.id as string;

    // A bookkeeper adds a second contact person in lexoffice's web app.
    const edit = await fetch(`${sandbox.url}/__sandbox/contacts/${contactId}/add-contact-person`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ salutation: 'Herr', firstName: 'Max', lastName: 'Buchhalter', emailAddress: 'max@ilearn.example' }),
    });
    expect(edit.status).toBe(200);

    // The next invoice of I-Learn comes with changed master data (a new phone number): the hub must push it.
    const changed = { ...seedInvoiceInputs.iLearn.customer, phone: '089-4545000' };
    const second = await submit(hub, tenant, { ...seedInvoiceInputs.iLearn, number: 'RE21-01050', customer: changed });
    const failed = await hub.waitForInvoice(tenant, second, ['failed']);
    expect(failed.lastError).toMatchObject({ kind: 'validation', field: 'customer' });
    const open = await inboxWhen(hub, tenant, 'open', atLeast(1));
    expect(open).toHaveLength(1);
    const [notification] = open;
    expect(notification).toMatchObject({ invoiceId: second, kind: 'sync_failed' });
    expect(notification!.message).toContain('RE21-01050');
    expect(notification!.message).toContain('edited by hand in lexoffice');
    expect(notification!.message).toMatch(/correct it in lexoffice .* or disable sync for I-Learn GmbH/);

    const patch = await hub.call('PATCH', '/v1/customers/FN-0010', { token: tenant.apiKey, body: { syncDisabled: true } });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toMatchObject({ syncDisabled: true, remote: { id: contactId } });
    const sync = await hub.call('POST', `/v1/invoices/${second}/sync`, { token: tenant.apiKey });
    expect(sync.statusCode, sync.body).toBe(202);
    const booked = await hub.waitForInvoice(tenant, second, ['booked']);
    const remote = booked.remote as { id: string };
    expect(booked.remote).toMatchObject({ kind: 'voucher', number: 'RE21-01050' });

    const doc = (await sandbox.control.documents()).find((d) => d.id === remote.id);
    expect(doc).toMatchObject({ customerId: contactId, totalGross: '10495.00' });
    expect(doc?.files).toHaveLength(1);
    // lexoffice keeps the bookkeeper's contact as it is: two contact persons, the old phone number.
    const contact = sandbox.state.contacts.get(contactId)!;
    expect(contact.company?.contactPersons).toHaveLength(2);
    expect(contact.phoneNumbers?.business).toEqual(['089-4545555']);

    const calls = (await callLog(hub, tenant, { invoiceId: second })).map(callName);
    expect(calls).not.toContain('PUT /v1/contacts/{id}');
    expect(calls.filter((c) => c.startsWith('PUT'))).toEqual([]);
    expect(calls).toEqual(expect.arrayContaining(['POST /v1/vouchers', 'POST /v1/vouchers/{id}/files']));
    expect(await inboxWhen(hub, tenant, 'open', none)).toEqual([]);
    expect((await notifications(hub, tenant, 'resolved'))[0]).toMatchObject({ id: notification!.id, resolution: 'synced' });
  });
});
