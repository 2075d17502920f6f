/** `pnpm sandbox`: runs the sevdesk sandbox for the demo and for trying the connector by hand. */
import { createSevdeskSandbox } from './server.js';

const port = Number(process.env.PORT ?? 4030);
const version = process.env.BOOKKEEPING_SYSTEM_VERSION === '1.0' ? '1.0' : '2.0';
const sandbox = await createSevdeskSandbox({
  port,
  bookkeepingSystemVersion: version,
  ...(process.env.API_TOKEN ? { apiToken: process.env.API_TOKEN } : {}),
});
console.log(`sevdesk sandbox (bookkeeping system ${version}) on ${sandbox.url}`);
console.log(`API token: ${sandbox.apiToken}`);
console.log(`Admin: ${sandbox.url}/__sandbox/{reset,faults,documents,customers,stats,openapi}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
