import type {
  Cancellation,
  Capabilities,
  ConnectionState,
  ErrorKind,
  Invoice,
  RemoteDocument,
  RemoteKind,
  TestConnectionResult,
} from '@accounting-hub/core';

/** Shapes of the jsonb columns. The database does not check them: write them only through these types. */

/** An error as the hub keeps it on an invoice, a cancellation or a connection (ConnectorError.toJSON() + when). */
export interface StoredError {
  /** A connector error kind, or `internal` for a fault of the hub itself. */
  kind: ErrorKind | 'internal';
  message: string;
  field?: string;
  providerField?: string;
  providerKey?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  at: string;
}

/** Where a document landed in the tool (the API's `remote`). */
export interface RemoteRecord extends RemoteDocument {
  connector: string;
  /** Whether the tenant's file is attached to it (voucher mode); the hub attaches it when not. */
  fileAttached?: boolean;
  fileId?: string;
}

/** The neutral invoice as stored: everything but the file, which lives in the document table. */
export type StoredInvoiceData = Omit<Invoice, 'document'>;

export type CancellationStatus = 'pending' | 'syncing' | 'booked' | 'failed';

/** A requested cancellation (credit note or income-reduction voucher) and how far it got. */
export interface CancellationRecord {
  /** The tenant's request without its file (that is a document with purpose `cancellation`). */
  request: Omit<Cancellation, 'document'>;
  status: CancellationStatus;
  attempts: number;
  remote: RemoteRecord | null;
  lastError: StoredError | null;
  requestedAt: string;
  bookedAt: string | null;
  /** When the sweep should queue it again (retry due, or a lease that ran out). */
  nextAttemptAt?: string | null;
}

export type WriteOperation = 'upsertCustomer' | 'bookInvoice' | 'bookVoucher' | 'attachDocument' | 'credit';

/**
 * A create that was sent to the tool and whose result is not stored yet. Set BEFORE the call, cleared once the
 * result is stored: finding it set after a crash or timeout means "look it up with findBooked before retrying".
 */
export interface PendingWrite {
  op: WriteOperation;
  kind: RemoteKind;
  purpose: 'invoice' | 'cancellation';
  reference: string;
  startedAt: string;
  /**
   * bookInvoice: the status the create was asked for. A draft found afterwards for a finalized booking is an
   * unfinished one (created, not yet finalized or sent): the hub calls bookInvoice again, which takes it up.
   */
  invoiceStatus?: 'draft' | 'finalized' | 'finalized_and_sent';
}

export type JsonObject = { [key: string]: unknown };
export type ConnectionAccount = TestConnectionResult['account'];
export type UnavailableCapabilities = Partial<Record<keyof Capabilities, string>>;
export type { ConnectionState };
