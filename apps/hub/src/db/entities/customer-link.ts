import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from './customer.js';

/** The customer's counterpart in one tool. */
export const CustomerLinkSchema = defineEntity({
  name: 'CustomerLink',
  tableName: 'customer_link',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    customer: () => p.manyToOne(Customer).deleteRule('cascade'),
    connector: p.string().length(40),
    remoteId: p.string().length(200),
    /** The number the tool assigned (lexoffice Kundennummer), written back to the tenant. */
    customerNumber: p.string().length(100).nullable(),
    /** The tool's optimistic-locking version, where it has one. */
    version: p.integer().nullable(),
    /** Hash of the customer data last pushed: an unchanged customer is not pushed again. */
    syncedHash: p.string().length(64).nullable(),
    syncedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['customer', 'connector'] }],
});

export class CustomerLink extends CustomerLinkSchema.class {}
CustomerLinkSchema.setClass(CustomerLink);
