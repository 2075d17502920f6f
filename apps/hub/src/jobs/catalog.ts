import { defineJobs } from './queue.js';

/**
 * The hub's job types. Empty until the sync engine lands; each entry is a queue created at start
 * (see the fairness notes in queue.ts for the policy, grouping and priority each should use), e.g.
 * `'invoice-sync': { payload: z.object({ invoiceId: z.uuid() }), queue: { policy: 'stately', retryLimit: 0 } }`.
 */
export const hubJobs = defineJobs({});
export type HubJobs = typeof hubJobs;
