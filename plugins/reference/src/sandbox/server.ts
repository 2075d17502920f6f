import { randomBytes } from 'node:crypto';
import {
  FaultInjector,
  httpSandboxControl,
  installSandboxRateLimit,
  sandboxAdminRoutes,
  type SandboxControl,
  SandboxCounters,
  SandboxTokenBucket,
} from '@accounting-hub/connector-testkit/sandbox';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandling } from './api-error.js';
import { installBearerAuth } from './auth.js';
import { accountRoutes } from './routes/account.js';
import { customerRoutes } from './routes/customers.js';
import { documentRoutes } from './routes/documents.js';
import { MAX_FILE_BYTES, fileRoutes } from './routes/files.js';
import { invoiceRoutes } from './routes/invoices.js';
import { voucherRoutes } from './routes/vouchers.js';
import { ReferenceState } from './state.js';

export interface ReferenceSandboxOptions {
  /** The one API key the sandbox accepts; random when absent. */
  apiKey?: string;
  /**
   * The tool's own rate limit (burst of the same size). Default 25: above the connector's declared 20, the way a
   * manifest should stay a little below the tool it describes.
   */
  requestsPerSecond?: number;
  /** Default 0 (any free port). */
  port?: number;
  host?: string;
}

export interface ReferenceSandbox {
  app: FastifyInstance;
  url: string;
  apiKey: string;
  control: SandboxControl;
  close: () => Promise<void>;
}

/** Starts the Reference Books sandbox: the tool's JSON API plus the testkit's admin protocol, on a real port. */
export async function createReferenceSandbox(opts: ReferenceSandboxOptions = {}): Promise<ReferenceSandbox> {
  const apiKey = opts.apiKey ?? `ref_${randomBytes(16).toString('hex')}`;
  const rps = opts.requestsPerSecond ?? 25;
  const state = new ReferenceState();
  const counters = new SandboxCounters();
  const bucket = new SandboxTokenBucket(Math.max(1, Math.ceil(rps)), rps);

  const app = Fastify({ logger: false });
  installErrorHandling(app);
  // Order matters: injected faults first (a proxy in front of the tool), then the tool's rate limit, then auth.
  sandboxAdminRoutes(app, {
    faults: new FaultInjector(),
    counters,
    reset: () => {
      state.reset();
      bucket.refill();
    },
    documents: () => state.sandboxDocuments(),
    customers: () => state.sandboxCustomers(),
  });
  installSandboxRateLimit(app, bucket, counters, () => ({ error: { code: 'rate_limited', message: 'Too many requests' } }));
  installBearerAuth(app, apiKey);
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } });
  accountRoutes(app);
  customerRoutes(app, state);
  invoiceRoutes(app, state);
  voucherRoutes(app, state);
  fileRoutes(app, state);
  documentRoutes(app, state);

  const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  return { app, url, apiKey, control: httpSandboxControl(url), close: () => app.close() };
}
