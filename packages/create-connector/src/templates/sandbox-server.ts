import type { TemplateContext } from '../spec.js';

/**
 * `src/sandbox/server.ts`: a Fastify server with the testkit's admin protocol (reset, fault injection, read-back)
 * and FaultInjector wired, the tool's bearer check, and one route stub per call the operations will make, each
 * answering 501 until written. Making it a faithful double of the tool is the integrator's job.
 */
export function sandboxServerTs(c: TemplateContext): string {
  const oauth = c.auth === 'oauth2';
  const sandbox = `${c.pascal}Sandbox`;
  return `import { randomBytes } from 'node:crypto';
import {
  FaultInjector,
  type SandboxControl,
  SandboxCounters,
  type SandboxCustomer,
  type SandboxDocument,
  httpSandboxControl,
  isSandboxAdminPath,
  sandboxAdminRoutes,
} from '@accounting-hub/connector-testkit/sandbox';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';

/**
 * A sandbox of ${c.nameComment}'s API: the tool's endpoints the connector calls, on a real port, plus the testkit's
 * admin protocol under /__sandbox (reset, fault injection, read-back) that the conformance kit drives.
 *
 * TODO: make it a faithful double of the tool. Write each route the way the tool answers it (paths, field names,
 * status codes, error bodies, number ranges, rounding), from the tool's API documentation. The kit can only prove
 * what the sandbox checks: a sandbox that accepts anything proves nothing. plugins/reference/src/sandbox is the
 * model; plugins/lexoffice and plugins/sevdesk are sandboxes of real tools.
 */

export interface ${sandbox}Options {
  /** The one ${oauth ? 'access token' : 'API token'} the sandbox accepts; random when absent. */
  token?: string;
  /** Default 0 (any free port). */
  port?: number;
  host?: string;
}

export interface ${sandbox} {
  app: FastifyInstance;
  url: string;
  token: string;
  control: SandboxControl;
  close: () => Promise<void>;
}

/**
 * What the sandbox holds, told in the testkit's neutral words so that the kit can check any tool the same way:
 * a route that creates a customer or a document in the tool adds it here (GET /__sandbox/customers, /documents).
 */
export class ${c.pascal}State {
  customers: SandboxCustomer[] = [];
  documents: SandboxDocument[] = [];
  #nextId = 1;

  /** A fresh id, the way the tool makes them (TODO: the tool's id format). */
  id(prefix: string): string {
    return \`\${prefix}_\${this.#nextId++}\`;
  }

  reset(): void {
    this.customers = [];
    this.documents = [];
    this.#nextId = 1;
  }
}

/** Starts the sandbox on a real port: the tool's API plus the testkit's admin protocol. */
export async function create${sandbox}(opts: ${sandbox}Options = {}): Promise<${sandbox}> {
  const token = opts.token ?? \`${c.id}_\${randomBytes(16).toString('hex')}\`;
  const state = new ${c.pascal}State();
  const app = Fastify({ logger: false });
  // First the admin protocol, so that an injected fault answers before anything else (like a proxy in front of the
  // tool) and refused requests are counted too; then the tool's own checks and routes.
  sandboxAdminRoutes(app, {
    faults: new FaultInjector(),
    counters: new SandboxCounters(),
    reset: () => state.reset(),
    documents: () => state.documents,
    customers: () => state.customers,
  });
  // TODO: if the tool has its own rate limit, refuse with 429 above it (and count it in counters.rateLimited):
  // the testkit's SandboxTokenBucket and installSandboxRateLimit do it (see plugins/reference/src/sandbox/server.ts).
  installAuth(app, token);
  toolRoutes(app, state);
  const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  return { app, url, token, control: httpSandboxControl(url), close: () => app.close() };
}

/**
 * The tool's authentication: ${oauth ? 'the OAuth2 access token' : 'the API token'} as a Bearer header (TODO: as the tool takes it, and
 * with the tool's own 401 body). The admin protocol stays open: it is test plumbing, not the tool.
 */
function installAuth(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isSandboxAdminPath(request.url)) return;${oauth ? "\n    if (request.url.startsWith('/oauth2/')) return;" : ''}
    if (request.headers.authorization === \`Bearer \${token}\`) return;
    const message = request.headers.authorization ? 'The token is not valid' : 'A token is required (Authorization: Bearer ...)';
    return reply.code(401).send({ error: { code: 'unauthorized', message } });
  });
}

/** A route the sandbox does not answer yet: 501, naming what it must do. */
function notWritten(what: string) {
  return async (_request: unknown, reply: FastifyReply) =>
    reply.code(501).send({ error: { code: 'not_implemented', message: \`The sandbox does not answer this yet: \${what}\` } });
}

/**
 * One route per call the connector makes. The paths are placeholders: use the tool's. Each written route must
 * also keep \`state\` up to date, since that is what the kit reads back.
 */
function toolRoutes(app: FastifyInstance, state: ${c.pascal}State): void {
  // Unused until the first route is written: each written route reads and changes \`state\`.
  void state;
  // testConnection: the account the credentials belong to.
  app.get('/v1/account', notWritten('GET /v1/account: answer the account (id, name)'));
  // upsertCustomer: create (refuse invalid data with the tool's 4xx error body), read, update with a version.
  app.post('/v1/customers', notWritten('POST /v1/customers: create a customer, add it to state.customers'));
  app.get('/v1/customers/:id', notWritten('GET /v1/customers/:id: one customer, 404 when unknown'));
  app.put('/v1/customers/:id', notWritten('PUT /v1/customers/:id: update a customer, bump its version'));
  // bookVoucher / credit in voucher mode: an income voucher (or an income-reduction voucher) with its items.
  app.post('/v1/vouchers', notWritten('POST /v1/vouchers: book a voucher, add it to state.documents'));
  // attachDocument: a file upload to a voucher or invoice.
  app.post('/v1/vouchers/:id/files', notWritten('POST /v1/vouchers/:id/files: attach a file'));
  // bookInvoice / credit in invoice mode (once capabilities.invoices / creditNotes are on).
  app.post('/v1/invoices', notWritten('POST /v1/invoices: create an invoice (draft or finalized with a number)'));
  app.post('/v1/credit-notes', notWritten('POST /v1/credit-notes: a credit note linked to an invoice'));
  // findBooked: search documents by number or reference, never creating anything.
  app.get('/v1/documents', notWritten('GET /v1/documents?number=&reference=: find booked documents'));${
    oauth
      ? `
  // The OAuth2 flow, when the hub's own tests connect through it (the kit itself uses an access token directly).
  app.get('/oauth2/authorize', notWritten('GET /oauth2/authorize: the consent page, redirecting with a code'));
  app.post('/oauth2/token', notWritten('POST /oauth2/token: exchange a code or refresh token for tokens'));`
      : ''
  }
}
`;
}
