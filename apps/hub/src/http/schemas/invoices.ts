import {
  cancellation,
  checkInvoiceRules,
  checkInvoiceTotals,
  customer,
  customerRef,
  invoice,
  isoDate,
} from '@accounting-hub/core';
import { z } from 'zod';
import { invoiceStatuses } from '../../db/entities/invoice.js';
import { isoDateOut, nextCursor, pageQuery, storedError, tenantIdFilter, timestamp } from './common.js';

const { customer: _customer, ...invoiceFields } = invoice.shape;

/**
 * POST /v1/invoices: core's invoice, with the customer inline (`customer`, which carries its `ref` and updates the
 * tenant's master data) or by reference (`customerRef`, a customer stored with PUT /v1/customers/{ref}).
 */
export const invoiceIntakeBody = z
  .strictObject({
    ...invoiceFields,
    customer: customer.optional().describe('The customer with the tenant\'s "ref"; stored as the customer\'s master data'),
    customerRef: customerRef.optional().describe('A customer stored before with PUT /v1/customers/{ref}'),
  })
  .superRefine((inv, ctx) => {
    if (inv.customer && inv.customerRef !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['customerRef'], message: 'give customer or customerRef, not both' });
    } else if (!inv.customer && inv.customerRef === undefined) {
      ctx.addIssue({ code: 'custom', path: ['customer'], message: 'give customer (with its ref) or customerRef' });
    }
    checkInvoiceRules(inv, ctx);
    checkInvoiceTotals(inv, ctx);
  })
  .meta({ id: 'InvoiceRequest' });
export type InvoiceIntake = z.infer<typeof invoiceIntakeBody>;

export const intakeHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200, 'at most 200 characters')
    .optional()
    .describe('Same key + same body answers the stored invoice; same key + another body 409'),
});

export const invoiceAccepted = z
  .object({ id: z.uuid(), status: z.literal('pending') })
  .describe('Stored; booking is queued when the tenant has a connector and autoSync is on');

const remoteOut = z
  .object({
    connector: z.string(),
    kind: z.enum(['invoice', 'voucher', 'credit_note']),
    id: z.string(),
    number: z.string().nullable().describe('The number the tool gave (written back)'),
    status: z.string().nullable().describe("The tool's status word"),
  })
  .meta({ id: 'RemoteDocument' });

const cancellationOut = z
  .object({
    number: z.string(),
    date: isoDateOut,
    reason: z.string().nullable(),
    status: z.enum(['pending', 'syncing', 'booked', 'failed']),
    attempts: z.number().int(),
    bookedAt: timestamp.nullable(),
    lastError: storedError.nullable(),
    remote: remoteOut.nullable(),
    requestedAt: timestamp,
  })
  .meta({ id: 'Cancellation' });

export const invoiceView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    number: z.string(),
    status: z.enum(invoiceStatuses),
    attempts: z.number().int(),
    bookedAt: timestamp.nullable(),
    lastError: storedError.nullable(),
    remote: remoteOut.nullable(),
    cancellation: cancellationOut.nullable(),
    date: isoDateOut,
    dueDate: isoDateOut.nullable(),
    customerRef: z.string(),
    currency: z.string(),
    taxMode: z.enum(['net', 'gross']),
    totalNet: z.number(),
    totalTax: z.number(),
    totalGross: z.number(),
    hasDocument: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Invoice' });
export type InvoiceView = z.infer<typeof invoiceView>;

export const invoiceListQuery = z
  .strictObject({
    status: z.enum(invoiceStatuses).optional(),
    from: isoDate.optional().describe('Invoice date on or after'),
    to: isoDate.optional().describe('Invoice date on or before'),
    number: z.string().max(64).optional().describe('Exact invoice number'),
    tenantId: tenantIdFilter,
    ...pageQuery,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'to must not be before from' });

export const invoiceList = z.object({ items: z.array(invoiceView), nextCursor }).meta({ id: 'InvoiceList' });

export const cancelBody = cancellation.meta({ id: 'CancellationRequest' });

export const cancelAccepted = z.object({ id: z.uuid(), cancellation: z.object({ number: z.string(), status: z.literal('pending') }) });

export const syncAccepted = z.object({ id: z.uuid(), queued: z.literal(true) });

export const backfillBody = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    status: z.enum(['pending', 'failed']).optional().describe('Only invoices in this status (default: every one not booked)'),
  })
  .refine((b) => b.from <= b.to, { path: ['to'], message: 'to must not be before from' });

export const backfillAccepted = z.object({ queued: z.number().int() });
