/**
 * Shared plumbing of the e2e scenario tests (not a test file): the rates they run at, reading a sandbox back over
 * HTTP, and comparing amounts per tax rate.
 */
import { createHash } from 'node:crypto';
import type { SandboxDocument } from '@accounting-hub/connector-testkit/sandbox';
import type { SandboxProcess } from '../harness/index.js';

/** The sandboxes' own limit in these tests (their REQUESTS_PER_SECOND), above the hub's pacing. */
export const SANDBOX_RPS = 20;
/** The connections' `requestsPerSecond` option: the hub paces itself to this per connection. */
export const CONNECTION_RPS = 10;

/** The sandbox document with this id, read back over HTTP (GET /__sandbox/documents). */
export async function documentById(sandbox: SandboxProcess, id: string): Promise<SandboxDocument> {
  const doc = (await sandbox.control.documents()).find((d) => d.id === id);
  if (!doc) throw new Error(`the ${sandbox.kind} sandbox holds no document ${id}`);
  return doc;
}

/** A document's items as `{ taxRate, net, tax, gross }`, highest rate first (category dropped). */
export const itemsByRate = (doc: SandboxDocument) =>
  [...(doc.items ?? [])].map(({ taxRate, net, tax, gross }) => ({ taxRate, net, tax, gross })).sort((a, b) => b.taxRate - a.taxRate);

export const sha256OfBase64 = (contentBase64: string) => createHash('sha256').update(Buffer.from(contentBase64, 'base64')).digest('hex');

/** What a lexoffice sandbox holds in lexoffice's own representation (GET /__sandbox/raw), the parts the tests read. */
export interface LexofficeRaw {
  vouchers: { id: string; type: string; voucherNumber?: string; contactId?: string; files: string[] }[];
  files: { id: string; voucherId: string; filename: string; sha256: string }[];
  salesVouchers: { id: string; voucherNumber: string; voucherStatus: string; relatedVouchers?: { id: string; voucherType: string }[] }[];
}

export async function lexofficeRaw(sandbox: SandboxProcess<'lexoffice'>): Promise<LexofficeRaw> {
  const res = await fetch(`${sandbox.url}/__sandbox/raw`);
  if (!res.ok) throw new Error(`GET /__sandbox/raw answered ${res.status}`);
  return (await res.json()) as LexofficeRaw;
}
