import { z } from 'zod';
import { defineJobs } from '../jobs/queue.js';

export const SYNC_QUEUE = 'invoice-sync';

export const syncJobPayload = z.object({
  tenantId: z.uuid(),
  invoiceId: z.uuid(),
  /** `book`: the invoice itself; `cancel`: its cancellation (credit note or income-reduction voucher). */
  op: z.enum(['book', 'cancel']),
});
export type SyncJobPayload = z.infer<typeof syncJobPayload>;

/**
 * One queue for all syncs. `stately` with the singleton key `<invoice>:<op>` keeps at most one queued and one
 * active job per invoice and operation, so the API, the sweep and retries never pile up duplicates. Failed
 * bookings are retried by the engine (state on the invoice row); pg-boss's own retries only cover a job whose
 * process died (its heartbeat stops, the monitor fails it) or that failed outside the engine's control.
 */
export const syncJobs = defineJobs({
  [SYNC_QUEUE]: {
    payload: syncJobPayload,
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 2, heartbeatSeconds: 10, expireInSeconds: 300 },
  },
});

export function syncSingletonKey(invoiceId: string, op: 'book' | 'cancel'): string {
  return `${invoiceId}:${op}`;
}
