import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FaultInjector, pathOnly } from './fault-injector.js';
import { SANDBOX_ADMIN_PREFIX } from './http-control.js';
import {
  type SandboxCustomer,
  type SandboxDocument,
  type SandboxFault,
  type SandboxFaultReport,
  type SandboxStats,
  sandboxFault,
} from './types.js';

/**
 * Which credential a request came with, without keeping it: the first 16 hex characters of the SHA-256 of the
 * token (the Authorization header without a `Bearer ` prefix, or sevdesk's `?token=`). `none` without one.
 */
export function credentialFingerprint(token: string | undefined): string {
  const bare = token?.trim().replace(/^Bearer\s+/i, '');
  if (!bare) return 'none';
  return createHash('sha256').update(bare).digest('hex').slice(0, 16);
}

/** Request and refusal counts a sandbox keeps for `GET /__sandbox/stats`. */
export class SandboxCounters {
  requests = 0;
  rateLimited = 0;
  /** Requests by credential fingerprint (`GET /__sandbox/stats/credentials`): one count per connection. */
  readonly byCredential = new Map<string, number>();

  reset(): void {
    this.requests = 0;
    this.rateLimited = 0;
    this.byCredential.clear();
  }

  count(credential: string): void {
    this.requests += 1;
    this.byCredential.set(credential, (this.byCredential.get(credential) ?? 0) + 1);
  }

  snapshot(): SandboxStats {
    return { requests: this.requests, rateLimited: this.rateLimited };
  }
}

/** What a sandbox hands to `sandboxAdminRoutes`: its data in neutral words and a way to forget it. */
export interface SandboxAdminState {
  faults: FaultInjector;
  counters: SandboxCounters;
  /** Forgets the sandbox's own data (customers, documents, files, number ranges, rate-limit bucket). */
  reset(): void | Promise<void>;
  documents(): SandboxDocument[] | Promise<SandboxDocument[]>;
  customers(): SandboxCustomer[] | Promise<SandboxCustomer[]>;
}

export function isSandboxAdminPath(url: string): boolean {
  const path = pathOnly(url);
  return path === SANDBOX_ADMIN_PREFIX || path.startsWith(`${SANDBOX_ADMIN_PREFIX}/`);
}

/** The token a request carries: its Authorization header, or a `token` query parameter (old sevdesk clients). */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') return header;
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

type AfterWriteFault = Extract<SandboxFault, { kind: 'after_write' }>;

function injectedBody(status: number): { error: { code: string; message: string } } {
  return { error: { code: 'injected_fault', message: `Injected fault: HTTP ${status}` } };
}

/**
 * Adds the admin protocol to a sandbox: the `/__sandbox/*` routes, request counting and fault injection.
 * Call it on the root instance before the sandbox adds its own hooks (auth, rate limit), so that an injected
 * fault answers first, the way a proxy in front of the tool would, and counted requests include refused ones.
 */
export function sandboxAdminRoutes(app: FastifyInstance, state: SandboxAdminState): void {
  // Requests whose write should land and whose answer should then be replaced.
  const afterWrite = new WeakMap<FastifyRequest, AfterWriteFault>();

  app.addHook('onRequest', async (request, reply) => {
    if (isSandboxAdminPath(request.url)) return;
    state.counters.count(credentialFingerprint(tokenOf(request)));
    const { delayMs, fault } = state.faults.hit(request.method, request.url);
    if (delayMs > 0) await sleep(delayMs);
    if (!fault) return;
    switch (fault.kind) {
      case 'status':
        reply.code(fault.status);
        if (fault.headers) reply.headers(fault.headers);
        return reply.send(fault.body ?? injectedBody(fault.status));
      case 'latency':
        // Waited above.
        return;
      case 'after_write':
        afterWrite.set(request, fault);
        return;
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = afterWrite.get(request);
    if (!fault) return payload;
    afterWrite.delete(request);
    if (fault.delayMs) await sleep(fault.delayMs);
    reply.code(fault.status);
    reply.header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(fault.body ?? injectedBody(fault.status));
  });

  app.post(`${SANDBOX_ADMIN_PREFIX}/reset`, async (_request, reply) => {
    await state.reset();
    state.faults.clear();
    state.counters.reset();
    return reply.code(204).send();
  });

  app.post(`${SANDBOX_ADMIN_PREFIX}/faults`, async (request, reply) => {
    const parsed = sandboxFault.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({ error: { code: 'invalid_fault', message: z.prettifyError(parsed.error) } });
    }
    state.faults.add(parsed.data);
    return reply.code(201).send({ pending: state.faults.pending });
  });

  app.get(`${SANDBOX_ADMIN_PREFIX}/faults`, async (): Promise<SandboxFaultReport> => ({
    pending: state.faults.pending,
    fired: state.faults.fired,
  }));

  app.get(`${SANDBOX_ADMIN_PREFIX}/documents`, async () => state.documents());
  app.get(`${SANDBOX_ADMIN_PREFIX}/customers`, async () => state.customers());
  app.get(`${SANDBOX_ADMIN_PREFIX}/stats`, async () => state.counters.snapshot());
  app.get(`${SANDBOX_ADMIN_PREFIX}/stats/credentials`, async () => Object.fromEntries(state.counters.byCredential));
}

