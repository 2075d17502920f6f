import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from './customer.js';
import type { CancellationRecord, PendingWrite, RemoteRecord, StoredError, StoredInvoiceData } from './shapes.js';
import { Tenant } from './tenant.js';

export const invoiceStatuses = ['pending', 'syncing', 'booked', 'failed', 'resolved'] as const;

/** An invoice the tenant handed in, and how far its booking got. The PDF lives in the document table. */
export const InvoiceSchema = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    tenant: () => p.manyToOne(Tenant).deleteRule('cascade'),
    number: p.string().length(64),
    /** The `Idempotency-Key` header of the POST that created it. */
    idempotencyKey: p.string().length(200).nullable(),
    /** Hash of the request body: the same number with another body answers 409. */
    bodyHash: p.string().length(64),
    data: p.json<StoredInvoiceData>(),
    customer: () => p.manyToOne(Customer).deleteRule('restrict'),
    /** The invoice date, as a date column for range filters (`from`, `to`). */
    date: p.date(),
    status: p.enum(invoiceStatuses).default('pending'),
    attempts: p.integer().default(0),
    /** When the sweep should queue this invoice (or its cancellation) again; null while nothing is due. */
    nextAttemptAt: p.datetime().nullable(),
    lastError: p.json<StoredError>().nullable(),
    bookedAt: p.datetime().nullable(),
    remote: p.json<RemoteRecord>().nullable(),
    cancellation: p.json<CancellationRecord>().nullable(),
    /** Set BEFORE a create at the tool, cleared once its result is stored (see PendingWrite). */
    pendingWrite: p.json<PendingWrite>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [
    { properties: ['tenant', 'number'] },
    { properties: ['tenant', 'idempotencyKey'] },
  ],
  indexes: [
    { properties: ['tenant', 'date'] },
    // GET /v1/invoices is newest first, keyset-paginated on (created_at, id) within a tenant, with or without a
    // status filter: both indexes end in (created_at, id), so a page reads 51 index entries instead of sorting
    // every invoice of the tenant (or of the status). Measured in bench/ (docs/performance.md).
    { properties: ['tenant', 'status', 'createdAt', 'id'] },
    { properties: ['tenant', 'createdAt', 'id'] },
    { properties: ['customer'] },
    // The sweep: what is due across all tenants.
    { name: 'invoice_due_index', properties: ['nextAttemptAt'], where: 'next_attempt_at is not null' },
  ],
});

export class Invoice extends InvoiceSchema.class {}
InvoiceSchema.setClass(Invoice);
