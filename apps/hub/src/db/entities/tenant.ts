import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

export const TenantSchema = defineEntity({
  name: 'Tenant',
  tableName: 'tenant',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    name: p.string().length(200),
    /** The key's first 12 characters, to find the tenant; the key itself is never stored. */
    apiKeyPrefix: p.string().length(12).unique(),
    /** sha256 hex of the whole key (see security/api-keys.ts). */
    apiKeyHash: p.string().length(64),
    // ---- settings (GET/PUT /v1/settings) ----
    connector: p.string().length(40).nullable(),
    mode: p.enum(['invoice', 'voucher']).default('voucher'),
    invoiceStatus: p.enum(['draft', 'finalized', 'finalized_and_sent']).default('draft'),
    autoSync: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Tenant extends TenantSchema.class {}
TenantSchema.setClass(Tenant);
