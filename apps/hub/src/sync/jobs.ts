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
 * active job per invoice and operation, so the API, the sweep and retries never pile up duplicates. Retries are
 * the engine's own (state on the invoice row), not pg-boss's: `retryLimit: 0`.
 */
export const syncJobs = defineJobs({
  [SYNC_QUEUE]: {
    payload: syncJobPayload,
    queue: { policy: 'stately', retryLimit: 0, expireInSeconds: 300 },
  },
});

export function syncSingletonKey(invoiceId: string, op: 'book' | 'cancel'): string {
  return `${invoiceId}:${op}`;
}
