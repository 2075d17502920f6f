import { z } from 'zod';

/**
 * The shapes of the sandbox admin protocol (`/__sandbox/*`). They are zod schemas because they cross a process
 * boundary: a sandbox may run in another process (the demo, an integrator's own tool double) and its answers
 * are checked, not trusted.
 */

const regexSource = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const sandboxFaultMatch = z.strictObject({
  /** HTTP method, case-insensitive; any method when absent. */
  method: z.string().min(1).optional(),
  /** A regular expression source tested against the request path without its query string; any path when absent. */
  path: regexSource.optional(),
});

const faultBase = {
  match: sandboxFaultMatch,
  /**
   * How many matching requests the fault hits before it is spent (default 1; unlimited for a fault with a
   * `probability`, which is background noise rather than one planned event).
   */
  times: z.number().int().positive().optional(),
  /**
   * Hit only this share of the matching requests (0 < p <= 1), decided by a seeded random draw per request; a
   * request the draw spares goes on to the next armed fault. A probabilistic `latency` fault delays the request
   * and lets the next fault (or the tool) answer it: latency is noise on the line, not an answer.
   */
  probability: z.number().gt(0).max(1).optional(),
  /** Seed of the fault's own random draws (probability, jitter), for a reproducible run; random when absent. */
  seed: z.number().int().optional(),
};

export const sandboxFault = z.discriminatedUnion('kind', [
  /** Answer `status` instead of processing the request (429, 401, 503, ...). */
  z.strictObject({
    ...faultBase,
    kind: z.literal('status'),
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  /**
   * Process the request (the write lands), then answer `status` (e.g. 504), optionally after `delayMs`: the
   * "did it happen or not" outcome the hub settles with findBooked.
   */
  z.strictObject({
    ...faultBase,
    kind: z.literal('after_write'),
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
  }),
  /** Delay the request by `ms` plus a random share of `jitterMs`, then process it normally. */
  z.strictObject({
    ...faultBase,
    kind: z.literal('latency'),
    ms: z.number().int().min(0).max(120_000),
    jitterMs: z.number().int().min(0).max(120_000).optional(),
  }),
]);
export type SandboxFault = z.infer<typeof sandboxFault>;

export const sandboxDocumentItem = z.object({
  taxRate: z.number(),
  net: z.string(),
  tax: z.string(),
  gross: z.string(),
  category: z.string().optional(),
});
export type SandboxDocumentItem = z.infer<typeof sandboxDocumentItem>;

/** A document as the sandbox holds it, in neutral words, so the suite can check any tool the same way. */
export const sandboxDocument = z.object({
  kind: z.enum(['invoice', 'voucher', 'credit_note']),
  id: z.string(),
  /** The tool's number (assigned on finalize in invoice mode). */
  number: z.string().nullable(),
  /** The tenant's number, for tools that keep it apart from their own (voucher numbers). */
  externalNumber: z.string().nullable().optional(),
  status: z.string(),
  customerId: z.string().nullable(),
  totalNet: z.string(),
  totalTax: z.string(),
  totalGross: z.string(),
  items: z.array(sandboxDocumentItem).optional(),
  /** Ids (or names) of the files attached to the document. */
  files: z.array(z.string()),
  /** The document a credit note reverses. */
  precedingId: z.string().nullable().optional(),
  /** The hub's reference, where the tool keeps it. */
  reference: z.string().nullable().optional(),
});
export type SandboxDocument = z.infer<typeof sandboxDocument>;

export const sandboxCustomer = z.object({
  id: z.string(),
  /** The name the tool displays: company name, or first and last name of a person. */
  name: z.string(),
  customerNumber: z.string().nullable(),
  version: z.number().int(),
  vatId: z.string().nullable().optional(),
});
export type SandboxCustomer = z.infer<typeof sandboxCustomer>;

/** What the injected faults did so far (`GET /__sandbox/faults`): armed faults and hits by kind and status. */
export const sandboxFaultReport = z.object({
  /** Faults not yet spent. */
  pending: z.number().int().min(0),
  /** Hits so far by `kind` or `kind:status` (e.g. `status:503`, `after_write:504`, `latency`), since the last reset. */
  fired: z.record(z.string(), z.number().int().min(0)),
});
export type SandboxFaultReport = z.infer<typeof sandboxFaultReport>;

export const sandboxStats = z.object({
  /** Requests to the tool's API (admin requests excluded), including refused ones. */
  requests: z.number().int().min(0),
  /** Requests the sandbox's own rate limit refused with 429 (injected 429s excluded). */
  rateLimited: z.number().int().min(0),
});
export type SandboxStats = z.infer<typeof sandboxStats>;

/** What every sandbox offers, over HTTP under /__sandbox so it works across processes. */
export interface SandboxControl {
  /** Forgets all data, faults and counters and refills its rate limit: the state right after start. */
  reset(): Promise<void>;
  injectFault(fault: SandboxFault): Promise<void>;
  documents(): Promise<SandboxDocument[]>;
  customers(): Promise<SandboxCustomer[]>;
  stats(): Promise<SandboxStats>;
}
