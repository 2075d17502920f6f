import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { HubRuntime } from '../app/runtime.js';
import type { JobCatalog } from '../jobs/queue.js';
import { authPlugin } from './auth.js';
import { type HttpDeps, resolveHttpDeps } from './deps.js';
import { frameworkErrors, installErrorHandling } from './error-handler.js';
import { installJsonParser } from './json-parser.js';
import { registerOpenApi } from './openapi.js';
import { connectionRoutes } from './routes/connections.js';
import { connectorRoutes } from './routes/connectors.js';
import { customerRoutes } from './routes/customers.js';
import { invoiceRoutes } from './routes/invoices.js';
import { logRoutes } from './routes/logs.js';
import { notificationRoutes } from './routes/notifications.js';
import { oauthCallbackRoutes } from './routes/oauth-callback.js';
import { serviceRoutes } from './routes/service.js';
import { syncRoutes } from './routes/sync.js';
import { tenantRoutes } from './routes/tenants.js';

export interface BuildAppOptions {
  /** Replace resolved dependencies (tests). */
  deps?: Partial<HttpDeps>;
}

/**
 * The hub's HTTP API (the v1 contract, docs/hub-api): Fastify 5 with zod schemas on every route, one error
 * format, bearer auth, OpenAPI at /openapi.json and Swagger UI at /docs. Call `ready()` (or `listen()`) before use.
 */
export function buildApp<C extends JobCatalog>(runtime: HubRuntime<C>, options: BuildAppOptions = {}): FastifyInstance {
  const deps: HttpDeps = resolveHttpDeps(runtime, options.deps);
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // One line per request is too much at intake rates; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Path parameters up to 1000 characters reach validation (400 naming the parameter); longer ones answer 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installJsonParser(app);
  installErrorHandling(app);

  app.register(async (root) => {
    await root.register(authPlugin, { pool: deps.pool, adminToken: deps.adminToken });
    await registerOpenApi(root, deps.config.publicUrl);
    for (const routes of [
      serviceRoutes,
      tenantRoutes,
      connectorRoutes,
      connectionRoutes,
      oauthCallbackRoutes,
      customerRoutes,
      invoiceRoutes,
      syncRoutes,
      notificationRoutes,
      logRoutes,
    ]) {
      await root.register(routes, { deps });
    }
  });
  return app;
}
