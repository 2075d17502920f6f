/**
 * The chaos run's CI variant, part of `npm test`: 200 invoices over 6 tenants on both tools and in both modes,
 * two hub processes, one SIGKILL, 10 % 5xx, 5 % 504 after the write, 5 % 429 and random latency (src/chaos/).
 * The full run is `pnpm test:chaos`.
 */
import { CI_PROFILE } from './chaos/chaos.js';
import { describeChaos } from './chaos/suite.js';

describeChaos('ci', CI_PROFILE);
