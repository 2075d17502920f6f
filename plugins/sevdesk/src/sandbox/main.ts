/** `pnpm sandbox`: runs the sevdesk sandbox for the demo and for trying the connector by hand. */
import { createSevdeskSandbox } from './server.js';

const port = Number(process.env.PORT ?? 4030);
const version = process.env.BOOKKEEPING_SYSTEM_VERSION === '1.0' ? '1.0' : '2.0';
const sandbox = await createSevdeskSandbox({
  port,
  // Loopback unless told otherwise: the sandbox accepts any admin call without a key.
  host: process.env.HOST ?? '127.0.0.1',
  bookkeepingSystemVersion: version,
  ...(process.env.API_TOKEN ? { apiToken: process.env.API_TOKEN } : {}),
  ...(process.env.REQUESTS_PER_SECOND ? { requestsPerSecond: Number(process.env.REQUESTS_PER_SECOND) } : {}),
});
console.log(`sevdesk sandbox (bookkeeping system ${version}) on ${sandbox.url}`);
console.log(`API token: ${sandbox.apiToken}`);
console.log(`Admin: ${sandbox.url}/__sandbox/{reset,faults,documents,customers,stats,openapi}`);
// One machine-readable line for scripts and the e2e harness (apps/e2e) that start the sandbox as a process.
console.log(JSON.stringify({ ready: true, sandbox: 'sevdesk', url: sandbox.url, apiToken: sandbox.apiToken, bookkeepingSystemVersion: version }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
