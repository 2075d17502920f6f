import {
  bookResult,
  computeTotals,
  findBookedResult,
  groupBookkeepingItems,
  type Invoice,
  type RemoteKind,
  settingsRefusal,
  unsupportedError,
  attachResult,
} from '@accounting-hub/core';
import type { RemoteRecord } from '../db/entities/shapes.js';
import { ensureRemoteCustomer } from './customer-step.js';
import type { ClaimedInvoice } from './invoice-store.js';
import type { SyncStep } from './sync-step.js';

/** The hub's stable reference for a document: connectors put it where the tool keeps free text. */
export const documentReference = (invoiceId: string, op: 'book' | 'cancel') =>
  op === 'book' ? `hub:${invoiceId}` : `hub:${invoiceId}:cancel`;

/**
 * Books one invoice: customer first (only when changed), then the document (invoice or voucher per the
 * settings), then the tenant's PDF. Every step resumes where an earlier attempt stopped: a stored remote is
 * never created again, and a create whose outcome was unknown is looked up with findBooked before any retry.
 */
export async function bookInvoice(step: SyncStep, row: ClaimedInvoice): Promise<void> {
  const { store, opened, call, pool } = step;
  const { connector } = opened;
  const caps = connector.manifest.capabilities;
  // A document already created decides the mode; otherwise the tenant's current setting does.
  const mode = row.remote ? (row.remote.kind === 'voucher' ? 'voucher' : 'invoice') : row.mode;
  if (!row.remote) {
    const refusal = settingsRefusal(
      connector.manifest.displayName,
      caps,
      { mode, invoiceStatus: row.invoiceStatus },
      opened.connection.unavailable ?? {},
    );
    if (refusal) throw unsupportedError(refusal);
  }
  if (!caps.taxSituations.includes(row.data.taxSituation)) {
    throw unsupportedError(`${connector.manifest.displayName} cannot book the tax situation ${row.data.taxSituation}.`, {
      field: 'taxSituation',
    });
  }

  const { customer, remote: remoteCustomer } = await ensureRemoteCustomer(pool, opened, row.customerId, call);
  const file = await store.loadDocument(row.id, 'invoice');
  const invoice: Invoice = { ...row.data, customer, ...(file ? { document: file } : {}) };
  const totals = computeTotals(invoice.taxMode, invoice.lines);
  const items = groupBookkeepingItems(totals);
  const reference = documentReference(row.id, 'book');
  const kind: RemoteKind = mode === 'voucher' ? 'voucher' : 'invoice';
  const connectorId = connector.manifest.id;

  let remote: RemoteRecord | null = row.remote;
  if (!remote && row.pendingWrite) {
    // The last create may have landed (timeout, 5xx, crash): look before creating again.
    const found = findBookedResult.parse(
      await call((o) =>
        o.connector.findBooked(o.ctx, {
          kind,
          purpose: 'invoice',
          number: invoice.number,
          reference,
          date: invoice.date,
          totalGross: totals.totalGross,
          customer: remoteCustomer,
        }),
      ),
    );
    // A draft where a finalized (or sent) invoice was asked for: the create landed, the finalize or send did
    // not. Not booked yet: bookInvoice runs again and takes the draft up by its reference (see the contract).
    const unfinished =
      kind === 'invoice' &&
      found.document?.status === 'draft' &&
      row.pendingWrite.invoiceStatus !== undefined &&
      row.pendingWrite.invoiceStatus !== 'draft' &&
      row.invoiceStatus !== 'draft';
    if (found.document && !unfinished) remote = await store.storeRemote(row.id, { ...found.document, connector: connectorId });
    else await store.clearPendingWrite(row.id);
  }
  if (!remote) {
    await store.setPendingWrite(row.id, {
      op: mode === 'voucher' ? 'bookVoucher' : 'bookInvoice',
      kind,
      purpose: 'invoice',
      reference,
      startedAt: new Date().toISOString(),
      ...(mode === 'invoice' ? { invoiceStatus: row.invoiceStatus } : {}),
    });
    const result = bookResult.parse(
      await step.create(row.id, () =>
        call((o) =>
          mode === 'voucher'
            ? o.connector.bookVoucher(o.ctx, { invoice, customer: remoteCustomer, totals, items, file, reference })
            : o.connector.bookInvoice(o.ctx, { invoice, customer: remoteCustomer, status: row.invoiceStatus, totals, reference }),
        ),
      ),
    );
    remote = await store.storeRemote(row.id, { ...result.document, connector: connectorId, fileAttached: result.fileAttached });
  }
  if (mode === 'voucher' && file && !remote.fileAttached && caps.voucherFiles) {
    const document = remote;
    const attached = attachResult.parse(await call((o) => o.connector.attachDocument(o.ctx, { document, file })));
    remote = await store.storeRemote(row.id, { ...remote, fileAttached: true, fileId: attached.fileId });
  }
  // Resolve first: whoever sees `booked` finds the notification resolved (a crash in between is retried).
  await step.notifications.resolveForInvoice(row.id, ['sync_failed']);
  await store.markBooked(row.id);
}
