import type pg from 'pg';
import type { NotificationService, OpenedConnection } from '../app/services.js';
import type { InvoiceStore } from './invoice-store.js';

/** What one run of a sync job works with. */
export interface SyncStep {
  pool: pg.Pool;
  store: InvoiceStore;
  notifications: NotificationService;
  /** The connection as opened for this job (its token may be replaced by `call` after a refresh). */
  opened: OpenedConnection;
  /** Runs a connector operation; an `auth` failure of an OAuth connection is refreshed once and retried. */
  call: <T>(fn: (o: OpenedConnection) => Promise<T>) => Promise<T>;
  /**
   * Runs a create whose pending write is recorded: a definite failure clears the record (nothing landed),
   * an uncertain one keeps it, so the next attempt looks the document up first.
   */
  create: <T>(invoiceId: string, fn: () => Promise<T>) => Promise<T>;
}
