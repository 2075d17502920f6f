import { defineConnector } from '@accounting-hub/core';
import { type SevdeskCredentials, type SevdeskOptions, sevdeskManifest } from './manifest.js';
import { credit } from './operations/credit.js';
import { upsertCustomer } from './operations/customers/upsert-customer.js';
import { findBooked } from './operations/find-booked.js';
import { bookInvoice } from './operations/invoices.js';
import { testConnection } from './operations/test-connection.js';
import { attachDocument, bookVoucher } from './operations/vouchers.js';

/**
 * The sevdesk connector: API token, customers without duplicates, invoice mode (draft, finalized, e-mailed) and
 * voucher mode (revenue voucher with the tenant's PDF), cancellations, and look-ups that settle uncertain outcomes.
 * Every call goes through ctx.http; every failure is a ConnectorError.
 */
export const connector = defineConnector<SevdeskCredentials, SevdeskOptions>({
  manifest: sevdeskManifest,
  testConnection,
  upsertCustomer,
  bookInvoice,
  bookVoucher,
  attachDocument,
  credit,
  findBooked,
});
