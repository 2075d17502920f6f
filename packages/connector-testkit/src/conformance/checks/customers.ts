import assert from 'node:assert/strict';
import { type Customer, customer as customerSchema, customerDisplayName, upsertCustomerResult } from '@accounting-hub/core';
import { seedCustomers } from '@accounting-hub/core/seeds';
import { expectConnectorError } from '../assertions.js';
import type { ConformanceCheck } from '../check.js';
import type { ConformanceSession } from '../session.js';

const jodel = seedCustomers.jodelUndSoehne;

/** The same customer with one field the tenant changed. */
function withNewEmail(c: Customer): Customer {
  return customerSchema.parse({ ...c, email: 'buchhaltung@jodel-soehne.example' });
}

async function customersNamed<C, O>(s: ConformanceSession<C, O>, c: Customer) {
  const name = customerDisplayName(c);
  return (await s.control.customers()).filter((x) => x.name === name);
}

export function customerChecks<C, O>(s: ConformanceSession<C, O>): ConformanceCheck[] {
  const group = 'customers';
  const caps = s.connector.manifest.capabilities;
  return [
    {
      group,
      name: 'creates a customer that is not linked yet',
      run: async () => {
        const ctx = await s.ctx();
        const result = upsertCustomerResult.parse(await s.connector.upsertCustomer(ctx, { customer: jodel, remote: null }));
        assert.equal(result.action, 'created');
        const inTool = await customersNamed(s, jodel);
        assert.equal(inTool.length, 1, `expected one customer named ${customerDisplayName(jodel)} in the tool, found ${inTool.length}`);
        assert.equal(inTool[0]!.id, result.customer.id, 'the returned id is not the id of the customer in the tool');
        if (inTool[0]!.customerNumber) {
          // The hub writes the tool's customer number back to the tenant.
          assert.equal(result.customer.customerNumber, inTool[0]!.customerNumber, 'the tool assigned a customer number the result does not carry');
        }
      },
    },
    {
      group,
      name: 'updates a linked customer whose data changed, without creating another',
      run: async () => {
        const ctx = await s.ctx();
        const created = upsertCustomerResult.parse(await s.connector.upsertCustomer(ctx, { customer: jodel, remote: null }));
        const before = (await customersNamed(s, jodel))[0];
        const updated = upsertCustomerResult.parse(
          await s.connector.upsertCustomer(ctx, { customer: withNewEmail(jodel), remote: created.customer }),
        );
        const after = await customersNamed(s, jodel);
        assert.equal(after.length, 1, `a linked customer must be updated in place, found ${after.length} customers`);
        assert.equal(updated.customer.id, created.customer.id, 'the update answered another customer id');
        if (caps.customerUpdate) {
          assert.equal(updated.action, 'updated');
          assert.ok(before && after[0]!.version > before.version, 'the customer in the tool did not change (its version stayed)');
        }
      },
    },
    {
      group,
      name: 'leaves an unchanged linked customer alone (never a second customer)',
      run: async () => {
        const ctx = await s.ctx();
        const created = upsertCustomerResult.parse(await s.connector.upsertCustomer(ctx, { customer: jodel, remote: null }));
        const again = upsertCustomerResult.parse(await s.connector.upsertCustomer(ctx, { customer: jodel, remote: created.customer }));
        assert.ok(again.action === 'unchanged' || again.action === 'updated', `action ${again.action} for an unchanged customer`);
        assert.equal(again.customer.id, created.customer.id);
        assert.equal((await customersNamed(s, jodel)).length, 1, 'an unchanged customer was created again');
      },
    },
    {
      group,
      name: 'maps a customer the tool refuses to a validation error with the neutral field and the provider key',
      run: async () => {
        const invalid = s.handle.invalidCustomer ?? { customer: seedCustomers.boerseGmbH, field: 'customer.vatId' };
        const ctx = await s.ctx();
        const error = await expectConnectorError(
          s.connector.upsertCustomer(ctx, { customer: invalid.customer, remote: null }),
          'validation',
          'upsertCustomer with a customer the tool refuses',
        );
        assert.equal(error.field, invalid.field, 'the error must name the field in the neutral model');
        assert.ok(error.providerKey && error.providerKey.length > 0, "the error must carry the provider's key");
        assert.equal((await customersNamed(s, invalid.customer)).length, 0, 'the refused customer exists in the tool');
      },
    },
  ];
}
