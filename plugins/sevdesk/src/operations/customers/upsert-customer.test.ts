import { ConnectorError } from '@accounting-hub/core';
import { seedCustomers, seedInvoices } from '@accounting-hub/core/seeds';
import { describe, expect, it } from 'vitest';
import { useSandboxConnection } from '../../testing/sandbox-lifecycle.js';
import { connector } from '../../connector.js';
import { bookInvoice, customerVariant, link } from '../../testing/fixtures.js';
import { unknownCountryCustomer } from '../../testing/sandbox-target.js';

const env = useSandboxConnection();

const jodel = seedCustomers.jodelUndSoehne;

describe('customers without duplicates (the 123Hundeschule lesson)', () => {
  it('books the same customer three times with no stored link and keeps one contact', async () => {
    const ctx = await env.conn.connected();
    for (const status of ['draft', 'finalized', 'finalized_and_sent'] as const) {
      await bookInvoice(ctx, seedInvoices.jodelUndSoehne, status, `ref:${status}`);
    }
    const customers = (await env.sandbox.control.customers()).filter((c) => c.name === 'Jodel und Söhne GbR');
    expect(customers).toHaveLength(1);
    expect(customers[0]!.customerNumber).toBe('FN-0008');
    expect((await env.sandbox.control.documents()).every((d) => d.customerId === customers[0]!.id)).toBe(true);
  });

  it('finds the customer by its number when the stored link points to a contact deleted in sevdesk', async () => {
    const ctx = await env.conn.connected();
    const first = await link(ctx, jodel);
    // The tenant's link is stale: the contact was deleted and the customer created again by hand, same number.
    const again = await link(ctx, jodel, { id: '999999' });
    expect(again).toEqual({ customer: first.customer, action: 'unchanged' });
    expect(await env.sandbox.control.customers()).toHaveLength(1);
  });

  it('does not take the contact person, who inherited the company number, for the customer', async () => {
    const ctx = await env.conn.connected();
    const created = await link(ctx, jodel);
    const person = [...env.sandbox.state.contacts.values()].find((c) => c.parentId !== null)!;
    expect(person.customerNumber).toBe('FN-0008');
    expect((await link(ctx, jodel)).customer.id).toBe(created.customer.id);
  });

  it('creates a company with address, e-mail, phone and its contact person as a child contact', async () => {
    const ctx = await env.conn.connected();
    const { customer, action } = await link(ctx, jodel);
    expect(action).toBe('created');
    const company = env.sandbox.state.contacts.get(Number(customer.id))!;
    expect(company).toMatchObject({ name: 'Jodel und Söhne GbR', categoryId: 3, status: 1000, customerNumber: 'FN-0008', parentId: null });
    const [address] = [...env.sandbox.state.addresses.values()].filter((a) => a.contactId === company.id);
    expect(address).toMatchObject({ street: 'Heinzelmannstraße 23', zip: '55116', city: 'Mainz', countryId: 1, categoryId: 47 });
    const ways = (id: number) => [...env.sandbox.state.communicationWays.values()].filter((w) => w.contactId === id).map((w) => `${w.type} ${w.value}`);
    expect(ways(company.id).sort()).toEqual(['EMAIL info_jodel@semcosoft.com', 'PHONE 06131-665891']);
    const person = [...env.sandbox.state.contacts.values()].find((c) => c.parentId === company.id)!;
    expect(person).toMatchObject({ surename: 'Stefan', familyname: 'Holz', gender: 'm', name: null });
    expect(ways(person.id).sort()).toEqual(['EMAIL stefan.holz@semcosoft.com', 'PHONE 06131-898884']);
  });

  it('creates a person with e-mail, phone and mobile', async () => {
    const ctx = await env.conn.connected();
    const { customer } = await link(ctx, seedCustomers.jannikHuber);
    expect(env.sandbox.state.contacts.get(Number(customer.id))).toMatchObject({ name: null, surename: 'Jannik', familyname: 'Huber', gender: 'm' });
    const types = [...env.sandbox.state.communicationWays.values()].map((w) => w.type).sort();
    expect(types).toEqual(['EMAIL', 'MOBILE', 'PHONE']);
  });
});

describe('updates only what changed', () => {
  it('writes nothing for an unchanged customer', async () => {
    const ctx = await env.conn.connected();
    const created = await link(ctx, jodel);
    const mark = env.conn.records.length;
    expect((await link(ctx, jodel, created.customer)).action).toBe('unchanged');
    expect(env.conn.writesSince(mark)).toEqual([]);
  });

  it('changes one e-mail with one PUT of that communication way', async () => {
    const ctx = await env.conn.connected();
    const created = await link(ctx, jodel);
    const mark = env.conn.records.length;
    const result = await link(ctx, customerVariant(jodel, { email: 'buchhaltung@jodel.example' }), created.customer);
    expect(result.action).toBe('updated');
    const way = [...env.sandbox.state.communicationWays.values()].find((w) => w.value === 'buchhaltung@jodel.example')!;
    expect(env.conn.writesSince(mark)).toEqual([`PUT /CommunicationWay/${way.id}`]);
  });

  it('sends only the changed contact and address fields', async () => {
    const ctx = await env.conn.connected();
    const created = await link(ctx, jodel);
    const mark = env.conn.records.length;
    const moved = customerVariant(jodel, { vatId: 'DE123456789', address: { ...jodel.address!, city: 'Wiesbaden', zip: '65183' } });
    await link(ctx, moved, created.customer);
    const writes = env.conn.records.slice(mark).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => [r.method, r.path.replace(/\d+/, ':id'), r.request])).toEqual([
      ['PUT', '/Contact/:id', { vatNumber: 'DE123456789' }],
      ['PUT', '/ContactAddress/:id', { zip: '65183', city: 'Wiesbaden' }],
    ]);
  });

  it('renames the one contact person instead of adding a second', async () => {
    const ctx = await env.conn.connected();
    const created = await link(ctx, jodel);
    await link(ctx, customerVariant(jodel, { contactPerson: { ...jodel.contactPerson!, firstName: 'Stefanie', salutation: 'Frau' } }), created.customer);
    const persons = [...env.sandbox.state.contacts.values()].filter((c) => c.parentId !== null);
    expect(persons.map((p) => [p.surename, p.gender])).toEqual([['Stefanie', 'w']]);
  });
});

describe('refusals before any write', () => {
  it('refuses a country sevdesk does not know, names the field and creates nothing', async () => {
    const ctx = await env.conn.connected();
    const mark = env.conn.records.length;
    const error = await connector.upsertCustomer(ctx, { customer: unknownCountryCustomer, remote: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'validation', field: 'customer.address.countryCode', providerKey: 'StaticCountry' });
    expect(env.conn.writesSince(mark)).toEqual([]);
    expect(await env.sandbox.control.customers()).toEqual([]);
  });
});
