import { computeTotals, type InvoiceLine, toJsonNumber } from '@accounting-hub/core';
import type { CancellationRecord, RemoteRecord, StoredError } from '../db/entities/shapes.js';
import { cursorTime, isoTime } from '../http/cursor.js';

/** What GET /v1/invoices/{id} answers (and each item of the list). */
export interface InvoiceView {
  id: string;
  tenantId: string;
  number: string;
  status: 'pending' | 'syncing' | 'booked' | 'failed' | 'resolved';
  attempts: number;
  bookedAt: string | null;
  lastError: StoredError | null;
  remote: RemoteView | null;
  cancellation: CancellationView | null;
  date: string;
  dueDate: string | null;
  customerRef: string;
  currency: string;
  taxMode: 'net' | 'gross';
  totalNet: number;
  totalTax: number;
  totalGross: number;
  hasDocument: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RemoteView {
  connector: string;
  kind: 'invoice' | 'voucher' | 'credit_note';
  id: string;
  number: string | null;
  status: string | null;
}

export interface CancellationView {
  number: string;
  date: string;
  reason: string | null;
  status: CancellationRecord['status'];
  attempts: number;
  bookedAt: string | null;
  lastError: StoredError | null;
  remote: RemoteView | null;
  requestedAt: string;
}

export interface InvoiceRow {
  id: string;
  tenant_id: string;
  number: string;
  status: InvoiceView['status'];
  attempts: number;
  booked_at: string | null;
  last_error: StoredError | null;
  remote: RemoteRecord | null;
  cancellation: CancellationRecord | null;
  date: string;
  due_date: string | null;
  customer_ref: string;
  currency: string | null;
  tax_mode: 'net' | 'gross' | null;
  lines: InvoiceLine[];
  has_document: boolean;
  created_at: string;
  updated_at: string;
  cursor_t: string;
}

/** The columns of InvoiceRow, from `invoice i` (the stored data is read in parts, never the whole blob). */
export const INVOICE_COLUMNS = `i.id, i.tenant_id, i.number, i.status, i.attempts, ${isoTime('i.booked_at')} as booked_at, i.last_error, i.remote, i.cancellation,
  i.date::text as date, i.data->>'dueDate' as due_date, i.data->'customer'->>'ref' as customer_ref,
  i.data->>'currency' as currency, i.data->>'taxMode' as tax_mode, i.data->'lines' as lines,
  exists (select 1 from document d where d.invoice_id = i.id and d.purpose = 'invoice') as has_document,
  ${isoTime('i.created_at')} as created_at, ${isoTime('i.updated_at')} as updated_at, ${cursorTime('i.created_at')} as cursor_t`;

const iso = (v: Date | string | null | undefined): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString();

function remoteView(r: RemoteRecord | null | undefined): RemoteView | null {
  if (!r) return null;
  return { connector: r.connector, kind: r.kind, id: r.id, number: r.number ?? null, status: r.status ?? null };
}

function cancellationView(c: CancellationRecord | null): CancellationView | null {
  if (!c) return null;
  return {
    number: c.request.number,
    date: c.request.date,
    reason: c.request.reason ?? null,
    status: c.status,
    attempts: c.attempts ?? 0,
    bookedAt: iso(c.bookedAt),
    lastError: c.lastError ?? null,
    remote: remoteView(c.remote),
    requestedAt: iso(c.requestedAt) ?? '',
  };
}

export function toInvoiceView(r: InvoiceRow): InvoiceView {
  const taxMode = r.tax_mode ?? 'net';
  const totals = computeTotals(taxMode, r.lines);
  return {
    id: r.id,
    tenantId: r.tenant_id,
    number: r.number,
    status: r.status,
    attempts: r.attempts,
    bookedAt: r.booked_at,
    lastError: r.last_error,
    remote: remoteView(r.remote),
    cancellation: cancellationView(r.cancellation),
    date: r.date,
    dueDate: r.due_date,
    customerRef: r.customer_ref,
    currency: r.currency ?? 'EUR',
    taxMode,
    totalNet: toJsonNumber(totals.totalNet),
    totalTax: toJsonNumber(totals.totalTax),
    totalGross: toJsonNumber(totals.totalGross),
    hasDocument: r.has_document,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
