/**
 * Customers without duplicates at hub level (the 123Hundeschule lesson, shared/seeds/004_*): however a tenant's
 * invoices arrive, each of its customers is one contact in sevdesk, kept current, and found again by its
 * customer number when the hub has lost the link.
 */
import type { SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import { samplePdfDocument, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';
import { callName, connectSevdesk, logRows, openapiReport, startSevdesk, submitInvoice } from './sevdesk-support.js';

let hub: TestHub;
let sandbox: SevdeskSandbox;
let tenant: TestTenant;

const jodel = seedInvoiceInputs.jodelUndSoehne;
const REF = jodel.customer.ref;

/** Another invoice of Jodel und Söhne (voucher mode: with its PDF), optionally with changed customer data. */
const jodelInvoice = (number: string, customer: Record<string, unknown> = {}) => ({
  ...jodel,
  number,
  customer: { ...jodel.customer, ...customer },
  document: samplePdfDocument(`${number}.pdf`, `Rechnung ${number}`),
});

/** Top-level contacts (customers) and contact persons in the sevdesk account. */
function contacts() {
  const all = [...sandbox.state.contacts.values()];
  return { customers: all.filter((c) => c.parentId === null), persons: all.filter((c) => c.parentId !== null) };
}

async function link(): Promise<{ remote_id: string; customer_number: string } | undefined> {
  const res = await hub.pool.query(
    `select l.remote_id, l.customer_number from customer_link l join customer c on c.id = l.customer_id
     where c.tenant_id = $1 and c.ref = $2 and l.connector = 'sevdesk'`,
    [tenant.id, REF],
  );
  return res.rows[0];
}

const writes = async (invoiceId: string) =>
  (await logRows(hub, tenant.apiKey, `invoiceId=${invoiceId}`)).filter((r) => r.method !== 'GET').map(callName);

beforeAll(async () => {
  [sandbox, hub] = await Promise.all([startSevdesk(), startTestHub()]);
  tenant = await hub.tenant('Kundenabgleich GmbH');
  await connectSevdesk(hub, tenant, sandbox, { mode: 'voucher' });
});
afterAll(async () => {
  await hub?.close();
  await sandbox?.close();
});

describe('sevdesk customers without duplicates', () => {
  let contactId: string;

  it('two invoices for the same customer ref, submitted together, make exactly one sevdesk contact', async () => {
    const first = await submitInvoice(hub, tenant, jodelInvoice('RE-K1'));
    const second = await submitInvoice(hub, tenant, jodelInvoice('RE-K2'));
    const a = await hub.waitForInvoice(tenant, first, ['booked']);
    const b = await hub.waitForInvoice(tenant, second, ['booked']);

    const { customers, persons } = contacts();
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ name: 'Jodel und Söhne GbR', customerNumber: REF });
    // The contact person (Stefan Holz) belongs to the company, once.
    expect(persons).toHaveLength(1);
    expect(persons[0]).toMatchObject({ surename: 'Stefan', familyname: 'Holz', parentId: customers[0]!.id });
    contactId = String(customers[0]!.id);

    // Both vouchers name that one contact.
    const docs = await sandbox.control.documents();
    for (const remote of [a.remote, b.remote] as { id: string }[]) {
      expect(docs.find((d) => d.id === remote.id)?.customerId).toBe(contactId);
    }
    expect(await link()).toEqual({ remote_id: contactId, customer_number: REF });
    const customer = await hub.call('GET', `/v1/customers/${REF}`, { token: tenant.apiKey });
    expect(customer.json().remote).toEqual({ connector: 'sevdesk', id: contactId, customerNumber: REF });

    // Only one of the two invoices created the contact; the other one left the customer alone.
    const created = [...(await writes(first)), ...(await writes(second))].filter((c) => c === 'POST /Contact');
    expect(created).toHaveLength(2); // the company and its contact person, once
  });

  it('a changed e-mail address between two invoices updates the contact: still one contact, no new one', async () => {
    const before = sandbox.state.contacts.get(Number(contactId))!.version;
    const id = await submitInvoice(hub, tenant, jodelInvoice('RE-K3', { email: 'buchhaltung_jodel@semcosoft.com' }));
    await hub.waitForInvoice(tenant, id, ['booked']);

    const { customers, persons } = contacts();
    expect(customers.map((c) => String(c.id))).toEqual([contactId]);
    expect(persons).toHaveLength(1);
    const emails = [...sandbox.state.communicationWays.values()].filter((w) => String(w.contactId) === contactId && w.type === 'EMAIL');
    expect(emails.map((w) => w.value)).toEqual(['buchhaltung_jodel@semcosoft.com']);
    expect(sandbox.state.contacts.get(Number(contactId))!.version).toBeGreaterThan(before);

    const w = await writes(id);
    expect(w).toContain('PUT /CommunicationWay/{id}');
    expect(w.filter((c) => c === 'POST /Contact')).toEqual([]);
  });

  it('a lost link (customer_link row deleted) is found again by customer number: no second contact', async () => {
    const deleted = await hub.pool.query(
      `delete from customer_link where connector = 'sevdesk'
       and customer_id = (select id from customer where tenant_id = $1 and ref = $2)`,
      [tenant.id, REF],
    );
    expect(deleted.rowCount).toBe(1);
    const id = await submitInvoice(hub, tenant, jodelInvoice('RE-K4', { email: 'buchhaltung_jodel@semcosoft.com' }));
    const booked = await hub.waitForInvoice(tenant, id, ['booked']);

    expect(contacts().customers.map((c) => String(c.id))).toEqual([contactId]);
    expect(contacts().persons).toHaveLength(1);
    expect((await sandbox.control.documents()).find((d) => d.id === (booked.remote as { id: string }).id)?.customerId).toBe(contactId);
    // The hub looked the customer up by its number and linked it again.
    const calls = (await logRows(hub, tenant.apiKey, `invoiceId=${id}`)).map((r) => `${r.method} ${r.path}`);
    expect(calls).toContainEqual(expect.stringMatching(/^GET \/Contact\?.*customerNumber=FN-0008/));
    expect((await writes(id)).filter((c) => c === 'POST /Contact')).toEqual([]);
    expect(await link()).toEqual({ remote_id: contactId, customer_number: REF });

    expect(sandbox.state.vouchers.size).toBe(4);
    expect((await openapiReport(sandbox)).failures).toEqual([]);
  });
});
