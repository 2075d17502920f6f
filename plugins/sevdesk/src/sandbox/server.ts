import { randomBytes } from 'node:crypto';
import {
  FaultInjector,
  type HttpSandboxControl,
  httpSandboxControl,
  installSandboxRateLimit,
  SANDBOX_ADMIN_PREFIX,
  sandboxAdminRoutes,
  SandboxCounters,
  SandboxTokenBucket,
} from '@accounting-hub/connector-testkit/sandbox';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { installTokenAuth } from './auth.js';
import { errorBody, installErrorHandling } from './errors.js';
import { loadSevdeskSpec } from './openapi/load-spec.js';
import type { RouteContext } from './openapi/route.js';
import { SevdeskRequestValidator } from './openapi/validator.js';
import { accountRoutes } from './routes/accounts.js';
import { addressRoutes } from './routes/addresses.js';
import { communicationWayRoutes } from './routes/communication-ways.js';
import { contactRoutes } from './routes/contacts.js';
import { creditNoteRoutes } from './routes/credit-notes.js';
import { invoiceRoutes } from './routes/invoices.js';
import { MAX_UPLOAD_BYTES, tempFileRoutes } from './routes/temp-files.js';
import { toolRoutes } from './routes/tools.js';
import { voucherRoutes } from './routes/vouchers.js';
import { SevdeskSandboxState } from './state.js';

export interface SevdeskSandboxOptions {
  /** The one API token the sandbox accepts (32 hex characters, as sevdesk's); random when absent. */
  apiToken?: string;
  /** Tax rules (sevdesk-Update 2.0, the default) or the old tax types (1.0). */
  bookkeepingSystemVersion?: '1.0' | '2.0';
  /**
   * The sandbox's own rate limit (burst of the same size). Default 12: sevdesk publishes none; this sits above the
   * connector's declared 10 so that a connector keeping its manifest never meets a 429.
   */
  requestsPerSecond?: number;
  /** Default 0 (any free port). */
  port?: number;
  host?: string;
}

export interface SevdeskSandbox {
  app: FastifyInstance;
  /** The base URL to give the connector as `baseUrl` (the sandbox serves sevdesk's paths at its root). */
  url: string;
  apiToken: string;
  control: HttpSandboxControl;
  /** The account's data, for tests that look inside or set up what the API cannot (a paid invoice). */
  state: SevdeskSandboxState;
  close: () => Promise<void>;
}

/**
 * Starts a sandbox of the sevdesk API on a real port: every endpoint the connector uses, in sevdesk's envelope,
 * types, statuses and error bodies, each request checked against sevdesk's OpenAPI description, plus the
 * testkit's admin protocol (reset, fault injection, documents, customers, stats) under /__sandbox.
 */
export async function createSevdeskSandbox(opts: SevdeskSandboxOptions = {}): Promise<SevdeskSandbox> {
  const apiToken = opts.apiToken ?? randomBytes(16).toString('hex');
  const rps = opts.requestsPerSecond ?? 12;
  const state = new SevdeskSandboxState(opts.bookkeepingSystemVersion ?? '2.0');
  const counters = new SandboxCounters();
  const bucket = new SandboxTokenBucket(Math.max(1, Math.ceil(rps)), rps);
  const validator = new SevdeskRequestValidator(loadSevdeskSpec());

  const app = Fastify({ logger: false });
  installErrorHandling(app);
  // Order matters: injected faults first (a proxy in front of sevdesk), then the rate limit, then the token.
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
  app.get(`${SANDBOX_ADMIN_PREFIX}/openapi`, async () => ({ checked: state.openapi.checked, failures: state.openapi.failures }));
  installSandboxRateLimit(app, bucket, counters, () => errorBody(429, 'Too many requests'));
  installTokenAuth(app, apiToken);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });

  const rc: RouteContext = { app, validator, state };
  toolRoutes(rc);
  accountRoutes(rc);
  contactRoutes(rc);
  addressRoutes(rc);
  communicationWayRoutes(rc);
  invoiceRoutes(rc);
  creditNoteRoutes(rc);
  voucherRoutes(rc);
  tempFileRoutes(rc);

  const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  return { app, url, apiToken, control: httpSandboxControl(url), state, close: () => app.close() };
}
