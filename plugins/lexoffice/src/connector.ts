import { defineConnector } from '@accounting-hub/core';
import { type LexofficeCredentials, type LexofficeOptions, lexofficeManifest } from './manifest.js';
import { testConnection } from './operations/connection.js';
import { credit } from './operations/credit.js';
import { upsertCustomer } from './operations/customers.js';
import { findBooked } from './operations/find.js';
import { bookInvoice } from './operations/invoices.js';
import { attachDocument, bookVoucher } from './operations/vouchers.js';

/**
 * The lexoffice (Lexware Office) connector: API key or OAuth2 partner connection, invoice mode (lexoffice issues
 * the invoice) and voucher mode (lexoffice books the tenant's invoice), every call through ctx.http.
 */
export const lexofficeConnector = defineConnector<LexofficeCredentials, LexofficeOptions>({
  manifest: lexofficeManifest,
  testConnection,
  upsertCustomer,
  bookInvoice,
  bookVoucher,
  attachDocument,
  credit,
  findBooked,
});
