import { z } from 'zod';
import {
  type SandboxControl,
  type SandboxFault,
  type SandboxFaultReport,
  sandboxCustomer,
  sandboxDocument,
  sandboxFault,
  sandboxFaultReport,
  sandboxStats,
} from './types.js';

export const SANDBOX_ADMIN_PREFIX = '/__sandbox';

/**
 * Drives a sandbox through its admin protocol. Plain fetch on purpose: admin calls are test plumbing and must
 * not show up in the connector's call records or draw from its rate limit.
 */
export interface HttpSandboxControl extends SandboxControl {
  /** Armed faults and what they hit so far (`GET /__sandbox/faults`). */
  faultReport(): Promise<SandboxFaultReport>;
  /** Requests by credential fingerprint (`GET /__sandbox/stats/credentials`, see `credentialFingerprint`). */
  requestsByCredential(): Promise<Record<string, number>>;
}

export function httpSandboxControl(sandboxBaseUrl: string): HttpSandboxControl {
  const base = sandboxBaseUrl.replace(/\/+$/, '');

  async function call<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T | undefined> {
    const res = await fetch(`${base}${SANDBOX_ADMIN_PREFIX}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox admin ${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    if (!schema) return undefined;
    const parsed = schema.safeParse(text ? JSON.parse(text) : undefined);
    if (!parsed.success) throw new Error(`sandbox admin ${method} ${path} answered an unexpected shape: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  return {
    async reset() {
      await call('POST', '/reset', null);
    },
    async injectFault(fault: SandboxFault) {
      await call('POST', '/faults', null, sandboxFault.parse(fault));
    },
    async documents() {
      return (await call('GET', '/documents', z.array(sandboxDocument))) ?? [];
    },
    async customers() {
      return (await call('GET', '/customers', z.array(sandboxCustomer))) ?? [];
    },
    async faultReport() {
      const report = await call('GET', '/faults', sandboxFaultReport);
      if (!report) throw new Error('sandbox admin GET /faults answered nothing');
      return report;
    },
    async requestsByCredential() {
      return (await call('GET', '/stats/credentials', z.record(z.string(), z.number().int().min(0)))) ?? {};
    },
    async stats() {
      const stats = await call('GET', '/stats', sandboxStats);
      if (!stats) throw new Error('sandbox admin GET /stats answered nothing');
      return stats;
    },
  };
}
