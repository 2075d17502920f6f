import { defineEntity, p } from '@mikro-orm/core';
import { Tenant } from './tenant.js';

/**
 * One attempt of one call the hub made to a bookkeeping tool (core's CallRecord plus who and what for), with
 * secrets redacted and bodies capped before they get here. Connection and invoice are plain ids on purpose:
 * the log outlives a deleted connection.
 */
export const CallLogSchema = defineEntity({
  name: 'CallLog',
  tableName: 'call_log',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    at: p.datetime(),
    tenant: () => p.manyToOne(Tenant).deleteRule('cascade').index(false),
    connector: p.string().length(40),
    connectionId: p.uuid().nullable(),
    invoiceId: p.uuid().nullable(),
    operation: p.string().length(60).nullable(),
    attempt: p.integer(),
    method: p.string().length(10),
    host: p.string().length(255),
    path: p.text(),
    statusCode: p.integer().nullable(),
    durationMs: p.integer(),
    error: p.boolean(),
    message: p.text().nullable(),
    request: p.json<unknown>().nullable(),
    response: p.json<unknown>().nullable(),
  },
  indexes: [
    // GET /v1/logs: a tenant's newest first, keyset-paginated by (at, id). A B-tree scans backwards just as
    // well, so ascending columns serve `order by at desc, id desc` (and keep the schema diff clean).
    { name: 'call_log_tenant_at_id_index', properties: ['tenant', 'at', 'id'] },
    { properties: ['invoiceId'] },
    // Retention: delete where at < now() - LOG_RETENTION_DAYS; also the admin's all-tenant listing.
    { properties: ['at'] },
  ],
});

export class CallLog extends CallLogSchema.class {}
CallLogSchema.setClass(CallLog);
