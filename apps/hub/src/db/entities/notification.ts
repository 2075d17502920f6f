import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Invoice } from './invoice.js';
import type { JsonObject } from './shapes.js';
import { Tenant } from './tenant.js';

/** An entry of the tenant's inbox. A failed sync opens one per invoice and kind; later failures update it. */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    tenant: () => p.manyToOne(Tenant).deleteRule('cascade'),
    invoice: () => p.manyToOne(Invoice).deleteRule('cascade').nullable(),
    connector: p.string().length(40).nullable(),
    /** `sync_failed`, `reauth_required`, ... */
    kind: p.string().length(40),
    message: p.text(),
    details: p.json<JsonObject>().nullable(),
    state: p.enum(['open', 'resolved']).default('open'),
    resolution: p.enum(['synced', 'manual']).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    resolvedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['tenant', 'state', 'createdAt'] }, { properties: ['invoice'] }],
  uniques: [
    // One open notification per invoice and kind: a later failure updates it instead of adding another.
    { name: 'notification_open_invoice_kind_unique', properties: ['invoice', 'kind'], where: "state = 'open'" },
  ],
});

export class Notification extends NotificationSchema.class {}
NotificationSchema.setClass(Notification);
