/**
 * The sync engine's state transitions on the invoice row. Each is one SQL statement, so that concurrent workers,
 * the sweep and the API never see (or write) half a transition. The `next_attempt_at` column doubles as lease:
 * while an invoice is `syncing` it holds the instant after which a crashed worker's claim may be taken over.
 */
import type { DocumentFile } from '@accounting-hub/core';
import type pg from 'pg';
import type {
  CancellationRecord,
  PendingWrite,
  RemoteRecord,
  StoredError,
  StoredInvoiceData,
} from '../db/entities/shapes.js';

export type SyncOp = 'book' | 'cancel';

/** What a sync job needs to know of an invoice and its tenant's settings. */
export interface ClaimedInvoice {
  id: string;
  tenantId: string;
  tenantName: string;
  /** The tenant's current bookkeeping tool (settings), or null. */
  connector: string | null;
  mode: 'invoice' | 'voucher';
  invoiceStatus: 'draft' | 'finalized' | 'finalized_and_sent';
  number: string;
  data: StoredInvoiceData;
  customerId: string;
  attempts: number;
  remote: RemoteRecord | null;
  cancellation: CancellationRecord | null;
  pendingWrite: PendingWrite | null;
}

interface Row {
  id: string;
  tenant_id: string;
  tenant_name: string;
  tenant_connector: string | null;
  mode: 'invoice' | 'voucher';
  invoice_status: ClaimedInvoice['invoiceStatus'];
  number: string;
  data: StoredInvoiceData;
  customer_id: string;
  attempts: number;
  remote: RemoteRecord | null;
  cancellation: CancellationRecord | null;
  pending_write: PendingWrite | null;
}

const RETURNING = `returning i.id, i.tenant_id, t.name as tenant_name, t.connector as tenant_connector, t.mode,
  t.invoice_status, i.number, i.data, i.customer_id, i.attempts, i.remote, i.cancellation, i.pending_write`;

function toClaimed(r: Row): ClaimedInvoice {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    tenantName: r.tenant_name,
    connector: r.tenant_connector,
    mode: r.mode,
    invoiceStatus: r.invoice_status,
    number: r.number,
    data: r.data,
    customerId: r.customer_id,
    attempts: r.attempts,
    remote: r.remote,
    cancellation: r.cancellation,
    pendingWrite: r.pending_write,
  };
}

export class InvoiceStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Takes the invoice for booking: pending, or syncing under a lease that ran out (its worker died). */
  async claimBook(invoiceId: string, tenantId: string, leaseMs: number): Promise<ClaimedInvoice | null> {
    const res = await this.pool.query<Row>(
      `update invoice i set status = 'syncing', attempts = i.attempts + 1,
         next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), updated_at = now()
       from tenant t
       where i.id = $1 and i.tenant_id = $2 and t.id = i.tenant_id
         and (i.status = 'pending' or (i.status = 'syncing' and i.next_attempt_at < now()))
       ${RETURNING}`,
      [invoiceId, tenantId, leaseMs],
    );
    return res.rows[0] ? toClaimed(res.rows[0]) : null;
  }

  /** Takes the invoice's cancellation: pending, or syncing under a lease that ran out. */
  async claimCancel(invoiceId: string, tenantId: string, leaseMs: number): Promise<ClaimedInvoice | null> {
    const res = await this.pool.query<Row>(
      `update invoice i set cancellation = i.cancellation || jsonb_build_object(
           'status', 'syncing',
           'attempts', coalesce((i.cancellation->>'attempts')::int, 0) + 1,
           'nextAttemptAt', to_jsonb(now() + make_interval(secs => $3::double precision / 1000))),
         updated_at = now()
       from tenant t
       where i.id = $1 and i.tenant_id = $2 and t.id = i.tenant_id and i.cancellation is not null
         and (i.cancellation->>'status' = 'pending'
           or (i.cancellation->>'status' = 'syncing' and (i.cancellation->>'nextAttemptAt')::timestamptz < now()))
       ${RETURNING}`,
      [invoiceId, tenantId, leaseMs],
    );
    return res.rows[0] ? toClaimed(res.rows[0]) : null;
  }

  /**
   * How long until another worker's live claim on this invoice (or its cancellation) runs out; null when there
   * is none (booked, failed, resolved, or a claim that already lapsed).
   */
  async liveClaimMs(op: SyncOp, invoiceId: string): Promise<number | null> {
    const res = await this.pool.query<{ ms: number | null }>(
      op === 'book'
        ? `select extract(epoch from (next_attempt_at - now())) * 1000 as ms from invoice
           where id = $1 and status = 'syncing' and next_attempt_at > now()`
        : `select extract(epoch from ((cancellation->>'nextAttemptAt')::timestamptz - now())) * 1000 as ms from invoice
           where id = $1 and cancellation->>'status' = 'syncing' and (cancellation->>'nextAttemptAt')::timestamptz > now()`,
      [invoiceId],
    );
    const ms = res.rows[0]?.ms;
    return ms === undefined || ms === null ? null : Math.ceil(Number(ms));
  }

  /** Extends this worker's claim while it is still working on the invoice. */
  async renewClaim(op: SyncOp, invoiceId: string, leaseMs: number): Promise<void> {
    await this.pool.query(
      op === 'book'
        ? `update invoice set next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
           where id = $1 and status = 'syncing'`
        : `update invoice set cancellation = cancellation || jsonb_build_object('nextAttemptAt',
             to_jsonb(now() + make_interval(secs => $2::double precision / 1000)))
           where id = $1 and cancellation->>'status' = 'syncing'`,
      [invoiceId, leaseMs],
    );
  }

  /** Recorded BEFORE a create is sent: finding it later means "look it up before creating again". */
  async setPendingWrite(invoiceId: string, write: PendingWrite): Promise<void> {
    await this.pool.query('update invoice set pending_write = $2, updated_at = now() where id = $1', [invoiceId, write]);
  }

  async clearPendingWrite(invoiceId: string): Promise<void> {
    await this.pool.query('update invoice set pending_write = null, updated_at = now() where id = $1', [invoiceId]);
  }

  /** Stores where the document landed and clears the pending write in the same statement. */
  async storeRemote(invoiceId: string, remote: RemoteRecord): Promise<RemoteRecord> {
    await this.pool.query('update invoice set remote = $2, pending_write = null, updated_at = now() where id = $1', [
      invoiceId,
      remote,
    ]);
    return remote;
  }

  async storeCancellationRemote(invoiceId: string, remote: RemoteRecord): Promise<RemoteRecord> {
    await this.pool.query(
      `update invoice set cancellation = cancellation || jsonb_build_object('remote', $2::jsonb),
         pending_write = null, updated_at = now() where id = $1`,
      [invoiceId, remote],
    );
    return remote;
  }

  async markBooked(invoiceId: string): Promise<void> {
    await this.pool.query(
      `update invoice set status = 'booked', booked_at = now(), last_error = null, next_attempt_at = null,
         updated_at = now() where id = $1`,
      [invoiceId],
    );
  }

  async markCancellationBooked(invoiceId: string): Promise<void> {
    await this.pool.query(
      `update invoice set cancellation = cancellation || jsonb_build_object(
         'status', 'booked', 'bookedAt', to_jsonb(now()), 'lastError', null, 'nextAttemptAt', null), updated_at = now()
       where id = $1`,
      [invoiceId],
    );
  }

  async scheduleRetry(op: SyncOp, invoiceId: string, error: StoredError, at: Date): Promise<void> {
    if (op === 'book') {
      await this.pool.query(
        `update invoice set status = 'pending', last_error = $2, next_attempt_at = $3, updated_at = now() where id = $1`,
        [invoiceId, error, at],
      );
    } else {
      await this.pool.query(
        `update invoice set cancellation = cancellation || jsonb_build_object(
           'status', 'pending', 'lastError', $2::jsonb, 'nextAttemptAt', to_jsonb($3::timestamptz)), updated_at = now()
         where id = $1`,
        [invoiceId, error, at],
      );
    }
  }

  async markFailed(op: SyncOp, invoiceId: string, error: StoredError): Promise<void> {
    if (op === 'book') {
      await this.pool.query(
        `update invoice set status = 'failed', last_error = $2, next_attempt_at = null, updated_at = now() where id = $1`,
        [invoiceId, error],
      );
    } else {
      await this.pool.query(
        `update invoice set cancellation = cancellation || jsonb_build_object(
           'status', 'failed', 'lastError', $2::jsonb, 'nextAttemptAt', null), updated_at = now()
         where id = $1`,
        [invoiceId, error],
      );
    }
  }

  /**
   * Gives the claim back without counting the attempt (a deferral for the rate limit is no failure). The job that
   * picks it up again arrives after `delayMs`; the sweep covers for it if it does not.
   */
  async releaseClaim(op: SyncOp, invoiceId: string, delayMs: number): Promise<void> {
    const secs = (delayMs + 60_000) / 1000;
    if (op === 'book') {
      await this.pool.query(
        `update invoice set status = 'pending', attempts = greatest(attempts - 1, 0),
           next_attempt_at = now() + make_interval(secs => $2), updated_at = now() where id = $1 and status = 'syncing'`,
        [invoiceId, secs],
      );
    } else {
      await this.pool.query(
        `update invoice set cancellation = cancellation || jsonb_build_object(
           'status', 'pending', 'attempts', greatest(coalesce((cancellation->>'attempts')::int, 1) - 1, 0),
           'nextAttemptAt', to_jsonb(now() + make_interval(secs => $2))), updated_at = now()
         where id = $1 and cancellation->>'status' = 'syncing'`,
        [invoiceId, secs],
      );
    }
  }

  async loadDocument(invoiceId: string, purpose: 'invoice' | 'cancellation'): Promise<DocumentFile | undefined> {
    const res = await this.pool.query<{ filename: string; content_type: string; content: Buffer }>(
      'select filename, content_type, content from document where invoice_id = $1 and purpose = $2',
      [invoiceId, purpose],
    );
    const row = res.rows[0];
    if (!row) return undefined;
    return {
      filename: row.filename,
      contentType: row.content_type as DocumentFile['contentType'],
      contentBase64: row.content.toString('base64'),
    };
  }
}
