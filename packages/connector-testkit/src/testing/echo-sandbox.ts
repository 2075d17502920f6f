import Fastify from 'fastify';
import { FaultInjector, SandboxCounters, type SandboxDocument, httpSandboxControl, sandboxAdminRoutes } from '../sandbox/index.js';

/**
 * The smallest sandbox that speaks the admin protocol: every other request is "performed" (remembered in
 * `writes`) and answered 200. Enough to test the admin routes and to give a broken connector something to fail on.
 */
export async function startEchoSandbox() {
  const app = Fastify();
  const writes: string[] = [];
  const documents: SandboxDocument[] = [];
  sandboxAdminRoutes(app, {
    faults: new FaultInjector(),
    counters: new SandboxCounters(),
    reset: () => {
      writes.length = 0;
      documents.length = 0;
    },
    documents: () => documents,
    customers: () => [],
  });
  app.all('/*', async (request) => {
    writes.push(`${request.method} ${request.url}`);
    return { ok: true };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, writes, control: httpSandboxControl(url), close: () => app.close() };
}
