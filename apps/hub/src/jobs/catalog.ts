import { syncJobs } from '../sync/jobs.js';
import { defineJobs } from './queue.js';

/** The hub's job types; each entry is a queue created at start. */
export const hubJobs = defineJobs({ ...syncJobs });
export type HubJobs = typeof hubJobs;
