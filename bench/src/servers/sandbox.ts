/**
 * A tool sandbox as its own process (so that the hub, the sandbox and the bench's load each get the scheduler's
 * fair share, as they would on separate hosts). SANDBOX=reference|lexoffice, REQUESTS_PER_SECOND, API_KEY.
 */
import { createLexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import { createReferenceSandbox } from '@accounting-hub/connector-reference';

const kind = process.env.SANDBOX ?? 'reference';
const requestsPerSecond = Number(process.env.REQUESTS_PER_SECOND ?? (kind === 'lexoffice' ? 2 : 25));
const apiKey = process.env.API_KEY;
const sandbox =
  kind === 'lexoffice'
    ? await createLexofficeSandbox({ requestsPerSecond, ...(apiKey ? { apiKey } : {}) })
    : await createReferenceSandbox({ requestsPerSecond, ...(apiKey ? { apiKey } : {}) });
console.log(`sandbox ready on ${sandbox.url} key ${sandbox.apiKey}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
