import { invoiceStatus, syncMode } from '@accounting-hub/core';
import { z } from 'zod';
import { timestamp } from './common.js';

export const createTenantBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
});

export const createdTenant = z
  .object({
    id: z.uuid(),
    name: z.string(),
    apiKey: z.string().describe('The tenant API key. Shown ONCE: the hub keeps only its hash.'),
    createdAt: timestamp,
  })
  .meta({ id: 'CreatedTenant' });

export const settingsView = z
  .object({
    connector: z.string().nullable().describe('The tool invoices are booked into (a connector id), or null'),
    mode: syncMode.describe('invoice: the tool creates the invoice document; voucher: the tool books an income voucher with the tenant\'s PDF'),
    invoiceStatus: invoiceStatus.describe('invoice mode: leave the tool\'s invoice as draft, finalize it, or finalize and e-mail it'),
    autoSync: z.boolean().describe('Queue every new invoice for booking at once (otherwise: on /sync or backfill)'),
  })
  .meta({ id: 'Settings' });

export const settingsUpdate = z
  .strictObject({
    connector: z.string().min(1).max(40).nullable().optional(),
    mode: syncMode.optional(),
    invoiceStatus: invoiceStatus.optional(),
    autoSync: z.boolean().optional(),
  })
  .describe('Any subset of the settings; the rest stays as it is');
export type SettingsUpdate = z.infer<typeof settingsUpdate>;
