/** `pnpm sandbox`: runs the Reference Books sandbox for the demo and for trying a connector by hand. */
import { createReferenceSandbox } from './server.js';

const port = Number(process.env.PORT ?? 4010);
const sandbox = await createReferenceSandbox({
  port,
  // Loopback unless told otherwise: the sandbox accepts any admin call without a key.
  host: process.env.HOST ?? '127.0.0.1',
  ...(process.env.API_KEY ? { apiKey: process.env.API_KEY } : {}),
  ...(process.env.REQUESTS_PER_SECOND ? { requestsPerSecond: Number(process.env.REQUESTS_PER_SECOND) } : {}),
});
console.log(`Reference Books sandbox on ${sandbox.url}`);
console.log(`API key: ${sandbox.apiKey}`);
console.log(`Admin: ${sandbox.url}/__sandbox/{reset,faults,documents,customers,stats}`);
// One machine-readable line for scripts and the e2e harness (apps/e2e) that start the sandbox as a process.
console.log(JSON.stringify({ ready: true, sandbox: 'reference', url: sandbox.url, apiKey: sandbox.apiKey }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
