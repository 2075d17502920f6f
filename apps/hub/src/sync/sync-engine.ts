import { ConnectorError, isConnectorError, type Logger, toConnectorError } from '@accounting-hub/core';
import type pg from 'pg';
import type {
  ConnectionService,
  ConnectorRegistry,
  NotificationService,
  OpenedConnection,
  SyncService,
} from '../app/services.js';
import type { StoredError } from '../db/entities/shapes.js';
import type { HubJobs } from '../jobs/catalog.js';
import { DeferJob, type JobContext, type JobQueue } from '../jobs/queue.js';
import { bookInvoice } from './book-invoice.js';
import { cancelInvoice } from './cancel-invoice.js';
import { type RetryPolicy, decide } from './failure-policy.js';
import { type ClaimedInvoice, InvoiceStore, type SyncOp } from './invoice-store.js';
import { SYNC_QUEUE, type SyncJobPayload, syncSingletonKey } from './jobs.js';
import { failureMessage } from './messages.js';
import { createSyncService } from './sync-service.js';
import type { SyncStep } from './sync-step.js';

export interface SyncEngineDeps {
  pool: pg.Pool;
  queue: JobQueue<HubJobs>;
  connectionService: ConnectionService;
  connectorRegistry: ConnectorRegistry;
  notificationService: NotificationService;
  logger: Logger;
}

export interface SyncEngineOptions {
  retry: RetryPolicy;
  /** How long a claim lasts unless renewed (the worker renews it every third of it while the job runs). */
  leaseMs: number;
  /** A rate-limit wait longer than this frees the worker slot (the job is deferred instead). */
  maxRateLimitWaitMs: number;
  /** Parallel jobs per process. */
  concurrency: number;
}

export const defaultSyncOptions: SyncEngineOptions = {
  retry: { maxAttempts: 12, baseDelayMs: 5_000, maxDelayMs: 15 * 60_000 },
  leaseMs: 30_000,
  maxRateLimitWaitMs: 2_000,
  concurrency: 8,
};

export interface SyncEngine {
  service: SyncService;
  /** Runs one job (exported for tests; the worker calls it). */
  handle(payload: SyncJobPayload, job: Pick<JobContext, 'signal' | 'logger'>): Promise<void>;
  /** Starts this process's workers. */
  start(): Promise<void>;
}

/**
 * The sync engine: claims an invoice, books it through the tenant's connector, records where it landed and
 * decides what a failure means. State lives on the invoice row, so a crash, a lost job or a restart loses
 * nothing: the sweep finds what is due and queues it again, and the pending-write record makes sure an
 * uncertain create is looked up before it is repeated.
 */
export function createSyncEngine(deps: SyncEngineDeps, options: SyncEngineOptions = defaultSyncOptions): SyncEngine {
  const store = new InvoiceStore(deps.pool);
  const service = createSyncService({ pool: deps.pool, queue: deps.queue });

  async function handle(payload: SyncJobPayload, job: Pick<JobContext, 'signal' | 'logger'>): Promise<void> {
    const { op, invoiceId, tenantId } = payload;
    const row =
      op === 'book'
        ? await store.claimBook(invoiceId, tenantId, options.leaseMs)
        : await store.claimCancel(invoiceId, tenantId, options.leaseMs);
    if (!row) {
      // Another worker holds a live claim (or held it when its process died): come back when it runs out, so a
      // crashed worker's invoice is taken over within one lease instead of waiting for the sweep.
      const ms = await store.liveClaimMs(op, invoiceId);
      if (ms !== null) throw new DeferJob(ms + 250, 'claimed by another worker');
      // Nothing to do: booked, resolved, or failed for good.
      return;
    }
    const logger = job.logger.child({ invoiceId, number: row.number, op, tenantId });
    const started = Date.now();
    // A document already in a tool stays that tool's business (a cancellation after the tenant switched tools
    // goes where the invoice is); only what was never booked follows the current setting.
    const connectorId = row.remote?.connector ?? row.connector;
    let toolName = connectorId ?? 'the bookkeeping tool';
    // The claim is short and renewed while this worker lives: a killed worker's claim lapses within one lease.
    const renew = setInterval(() => {
      store.renewClaim(op, invoiceId, options.leaseMs).catch((error: unknown) => logger.warn({ err: error }, 'claim renewal failed'));
    }, Math.max(1000, Math.floor(options.leaseMs / 3)));
    try {
      if (!connectorId) {
        throw new ConnectorError({ kind: 'unsupported', message: 'No bookkeeping tool is selected in the settings.' });
      }
      const connector = deps.connectorRegistry.get(connectorId);
      if (!connector) {
        throw new ConnectorError({ kind: 'unsupported', message: `The connector "${connectorId}" is not loaded in this hub.` });
      }
      toolName = connector.manifest.displayName;
      const step = await openStep(row, connectorId, job.signal);
      if (op === 'book') await bookInvoice(step, row);
      else await cancelInvoice(step, row);
      logger.info({ ms: Date.now() - started }, op === 'book' ? 'invoice booked' : 'cancellation booked');
    } catch (thrown) {
      await onFailure(op, row, thrown, toolName, logger);
    } finally {
      clearInterval(renew);
    }
  }

  async function openStep(row: ClaimedInvoice, connectorId: string, signal: AbortSignal): Promise<SyncStep> {
    const open = () =>
      deps.connectionService.open({
        tenantId: row.tenantId,
        connectorId,
        invoiceId: row.id,
        maxRateLimitWaitMs: options.maxRateLimitWaitMs,
        signal,
      });
    const step: SyncStep = {
      pool: deps.pool,
      store,
      notifications: deps.notificationService,
      opened: await open(),
      call: async <T>(fn: (o: OpenedConnection) => Promise<T>): Promise<T> => {
        try {
          return await fn(step.opened);
        } catch (error) {
          // An OAuth access token can die before its expiry (password change, session end): refresh once, retry.
          if (!isConnectorError(error) || error.kind !== 'auth') throw error;
          const outcome = await deps.connectionService.handleAuthFailure(step.opened.connection.id, toConnectorError(error));
          if (outcome !== 'refreshed') throw error;
          step.opened = await open();
          return fn(step.opened);
        }
      },
      create: async <T>(invoiceId: string, fn: () => Promise<T>): Promise<T> => {
        try {
          return await fn();
        } catch (error) {
          if (!(isConnectorError(error) && error.kind === 'uncertain')) await store.clearPendingWrite(invoiceId);
          throw error;
        }
      },
    };
    return step;
  }

  async function onFailure(op: SyncOp, row: ClaimedInvoice, thrown: unknown, tool: string, logger: Logger): Promise<void> {
    const error = toConnectorError(thrown);
    const attempts = op === 'book' ? row.attempts : (row.cancellation?.attempts ?? 1);
    const stored: StoredError = { ...error.toJSON(), at: new Date().toISOString() };
    if (!isConnectorError(thrown)) {
      // Not a connector's verdict: a bug or an outage of our own. Kept in the log with its stack, retried.
      logger.error({ err: thrown }, 'sync failed with an unexpected error');
    }
    const decision = decide(error, attempts, options.retry);
    if (decision.action === 'defer') {
      await store.releaseClaim(op, row.id, decision.delayMs);
      logger.debug({ delayMs: decision.delayMs }, 'sync deferred by the rate limit');
      throw new DeferJob(decision.delayMs, 'rate limited');
    }
    if (decision.action === 'retry') {
      const at = new Date(Date.now() + decision.delayMs);
      await store.scheduleRetry(op, row.id, stored, at);
      await deps.queue.enqueue(
        SYNC_QUEUE,
        { tenantId: row.tenantId, invoiceId: row.id, op },
        { singletonKey: syncSingletonKey(row.id, op), group: row.tenantId, startAfter: at },
      );
      logger.warn({ kind: error.kind, attempts, retryInMs: decision.delayMs, err: error.message }, 'sync attempt failed; retrying');
      return;
    }
    // The inbox first, then the status: whoever sees `failed` finds the notification, and a crash in between
    // leaves a claimed invoice that is retried (and re-notified), never a failed one nobody was told about.
    await deps.notificationService.openForInvoice({
      tenantId: row.tenantId,
      invoiceId: row.id,
      connector: row.remote?.connector ?? row.connector,
      kind: op === 'book' ? 'sync_failed' : 'cancel_failed',
      message: failureMessage({ op, number: op === 'book' ? row.number : (row.cancellation?.request.number ?? row.number), tool, error, attempts }),
      details: { error: stored, attempts },
    });
    await store.markFailed(op, row.id, stored);
    logger.warn({ kind: error.kind, attempts, err: error.message }, 'sync failed; the tenant is notified');
  }

  return {
    service,
    handle,
    async start() {
      await deps.queue.work(SYNC_QUEUE, (payload, job) => handle(payload, job), {
        concurrency: options.concurrency,
        // Exact within the process: a slow or blocked tenant holds one slot, never more; every other tenant's
        // jobs are fetched past it. Across processes its calls still share one rate-limit bucket.
        localGroupConcurrency: 1,
        pollingIntervalSeconds: 1,
      });
    },
  };
}
