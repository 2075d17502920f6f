import { randomUUID } from 'node:crypto';
import type { CustomerData } from '@accounting-hub/core';
import { defineEntity, p } from '@mikro-orm/core';
import { Tenant } from './tenant.js';

/** The tenant's customer master data, as the tenant keeps it (PUT /v1/customers/{ref}). */
export const CustomerSchema = defineEntity({
  name: 'Customer',
  tableName: 'customer',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    tenant: () => p.manyToOne(Tenant).deleteRule('cascade'),
    /** The tenant's own reference (its customer number or id). */
    ref: p.string().length(100),
    data: p.json<CustomerData>(),
    /** Invoices still go out, but the master data is no longer pushed. */
    syncDisabled: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['tenant', 'ref'] }],
});

export class Customer extends CustomerSchema.class {}
CustomerSchema.setClass(Customer);
