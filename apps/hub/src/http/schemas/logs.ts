import { isoDate } from '@accounting-hub/core';
import { z } from 'zod';
import { nextCursor, pageQuery, queryBoolean, tenantIdFilter, timestamp } from './common.js';

const instant = z
  .union([z.iso.datetime({ offset: true }), isoDate], { error: 'expected YYYY-MM-DD or an ISO 8601 timestamp' })
  .describe('YYYY-MM-DD or an ISO 8601 timestamp');

export const logListQuery = z.strictObject({
  connector: z.string().max(40).optional(),
  invoiceId: z.uuid().optional(),
  errorsOnly: queryBoolean.optional().describe('true: only failed calls'),
  from: instant.optional().describe('At or after (a date means its start, UTC)'),
  to: instant.optional().describe('At or before (a date means its whole day, UTC)'),
  tenantId: tenantIdFilter,
  ...pageQuery,
});
export type LogListQuery = z.infer<typeof logListQuery>;

export const logEntryView = z
  .object({
    id: z.string().describe('Ascending per call'),
    at: timestamp,
    tenantId: z.uuid(),
    connector: z.string(),
    connectionId: z.uuid().nullable(),
    invoiceId: z.uuid().nullable(),
    operation: z.string().nullable().describe('testConnection, upsertCustomer, bookVoucher, ...'),
    attempt: z.number().int(),
    method: z.string(),
    host: z.string(),
    path: z.string(),
    statusCode: z.number().int().nullable().describe('null when no answer came (network error, timeout)'),
    durationMs: z.number().int(),
    error: z.boolean(),
    message: z.string().nullable(),
    request: z.unknown().describe('The request body, secrets redacted, size capped'),
    response: z.unknown().describe('The response body, secrets redacted, size capped'),
  })
  .meta({ id: 'CallLogEntry' });
export type LogEntryView = z.infer<typeof logEntryView>;

export const logList = z.object({ items: z.array(logEntryView), nextCursor }).meta({ id: 'CallLogList' });
