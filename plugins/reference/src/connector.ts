import { defineConnector } from '@accounting-hub/core';
import { TOOL, noFields } from './api/errors.js';
import { type ReferenceContext, api } from './api/request.js';
import { accountResponse } from './api/responses.js';
import { type ReferenceCredentials, type ReferenceOptions, referenceManifest } from './manifest.js';
import { upsertCustomer } from './operations/customers.js';
import { attachDocument, bookInvoice, bookVoucher, credit } from './operations/documents.js';
import { findBooked } from './operations/find.js';

async function testConnection(ctx: ReferenceContext) {
  const account = await api(
    ctx,
    { operation: 'testConnection', method: 'GET', path: '/v1/account', fields: noFields, subject: `the ${TOOL} account` },
    accountResponse,
  );
  return { account: { id: account.id, name: account.name }, state: { accountId: account.id } };
}

/**
 * The in-memory reference connector: every capability, every call through ctx.http, errors mapped to the
 * taxonomy. It passes the conformance suite against its sandbox, and serves the hub's own tests.
 */
export const connector = defineConnector<ReferenceCredentials, ReferenceOptions>({
  manifest: referenceManifest,
  testConnection,
  upsertCustomer,
  bookInvoice,
  bookVoucher,
  attachDocument,
  credit,
  findBooked,
});
