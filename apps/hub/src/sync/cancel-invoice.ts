import {
  attachResult,
  bookResult,
  computeTotals,
  findBookedResult,
  groupBookkeepingItems,
  type Invoice,
  type RemoteKind,
  unsupportedError,
} from '@accounting-hub/core';
import type { RemoteRecord } from '../db/entities/shapes.js';
import { documentReference } from './book-invoice.js';
import { ensureRemoteCustomer } from './customer-step.js';
import type { ClaimedInvoice } from './invoice-store.js';
import type { SyncStep } from './sync-step.js';

/**
 * Books the cancellation of a booked invoice the way the original was booked: a credit note linked to the
 * invoice (invoice mode) or an income-reduction voucher with the cancellation document (voucher mode).
 */
export async function cancelInvoice(step: SyncStep, row: ClaimedInvoice): Promise<void> {
  const { store, opened, call, pool } = step;
  const { connector } = opened;
  const caps = connector.manifest.capabilities;
  const original = row.remote;
  const cancellation = row.cancellation;
  if (!original || !cancellation) throw new Error(`invoice ${row.id} has no booked original or no cancellation`);
  const mode = original.kind === 'voucher' ? 'voucher' : 'invoice';
  const tool = connector.manifest.displayName;
  if (mode === 'invoice' && !caps.creditNotes) throw unsupportedError(`${tool} cannot create credit notes for cancellations.`);
  if (mode === 'voucher' && !caps.voucherCredits) throw unsupportedError(`${tool} cannot book income-reduction vouchers.`);

  const { customer, remote: remoteCustomer } = await ensureRemoteCustomer(pool, opened, row.customerId, call);
  const invoice: Invoice = { ...row.data, customer };
  const totals = computeTotals(invoice.taxMode, invoice.lines);
  const items = groupBookkeepingItems(totals);
  const file = await store.loadDocument(row.id, 'cancellation');
  const request = { ...cancellation.request, ...(file ? { document: file } : {}) };
  const reference = documentReference(row.id, 'cancel');
  const kind: RemoteKind = mode === 'voucher' ? 'voucher' : 'credit_note';
  const connectorId = connector.manifest.id;

  let remote: RemoteRecord | null = cancellation.remote;
  if (!remote && row.pendingWrite?.purpose === 'cancellation') {
    const found = findBookedResult.parse(
      await call((o) =>
        o.connector.findBooked(o.ctx, {
          kind,
          purpose: 'cancellation',
          number: request.number,
          reference,
          date: request.date,
          totalGross: totals.totalGross,
          customer: remoteCustomer,
        }),
      ),
    );
    if (found.document) remote = await store.storeCancellationRemote(row.id, { ...found.document, connector: connectorId });
    else await store.clearPendingWrite(row.id);
  }
  if (!remote) {
    await store.setPendingWrite(row.id, { op: 'credit', kind, purpose: 'cancellation', reference, startedAt: new Date().toISOString() });
    const result = bookResult.parse(
      await step.create(row.id, () =>
        call((o) =>
          o.connector.credit(o.ctx, {
            mode,
            original: { invoice, document: original, totals, items },
            cancellation: request,
            customer: remoteCustomer,
            reference,
          }),
        ),
      ),
    );
    remote = await store.storeCancellationRemote(row.id, {
      ...result.document,
      connector: connectorId,
      fileAttached: result.fileAttached,
    });
  }
  if (mode === 'voucher' && file && !remote.fileAttached && caps.voucherFiles) {
    const document = remote;
    const attached = attachResult.parse(await call((o) => o.connector.attachDocument(o.ctx, { document, file })));
    remote = await store.storeCancellationRemote(row.id, { ...remote, fileAttached: true, fileId: attached.fileId });
  }
  await step.notifications.resolveForInvoice(row.id, ['cancel_failed']);
  await store.markCancellationBooked(row.id);
}
