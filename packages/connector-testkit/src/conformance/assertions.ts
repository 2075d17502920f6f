import assert from 'node:assert/strict';
import { type CallRecord, ConnectorError, Dec, type ErrorKind, type RateTotal } from '@accounting-hub/core';
import type { SandboxDocument, SandboxDocumentItem } from '../sandbox/types.js';

/**
 * Awaits `promise` and insists it fails with a ConnectorError of one of `kinds`. Anything else (success, a plain
 * Error, another kind) fails the check: the hub decides retry, reconnect or inbox by the kind alone.
 */
export async function expectConnectorError(
  promise: Promise<unknown>,
  kinds: ErrorKind | readonly ErrorKind[],
  what: string,
): Promise<ConnectorError> {
  const expected: readonly ErrorKind[] = typeof kinds === 'string' ? [kinds] : kinds;
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (!(error instanceof ConnectorError)) {
      const shown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      assert.fail(`${what}: expected a ConnectorError of kind ${expected.join(' or ')}, got ${shown}`);
    }
    assert.ok(
      expected.includes(error.kind),
      `${what}: expected a ConnectorError of kind ${expected.join(' or ')}, got kind ${error.kind} (${error.message})`,
    );
    assert.ok(error.message.trim().length > 0, `${what}: the error needs a message a tenant can read`);
    return error;
  }
  return assert.fail(`${what}: expected a ConnectorError of kind ${expected.join(' or ')}, but it succeeded with ${JSON.stringify(outcome)}`);
}

/** No credential in any record, and every record says what was called and how it went. */
export function assertRecordsClean(records: readonly CallRecord[], secrets: readonly string[]): void {
  const json = JSON.stringify(records);
  for (const secret of secrets) {
    assert.ok(!json.includes(secret), `a call record contains a credential (${secret.slice(0, 3)}…): records must be redacted`);
  }
  records.forEach((r, i) => {
    assert.ok(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method), `record ${i}: method ${String(r.method)}`);
    assert.ok(typeof r.path === 'string' && r.path.startsWith('/'), `record ${i}: path ${String(r.path)}`);
    assert.ok(r.statusCode === null || Number.isInteger(r.statusCode), `record ${i}: statusCode ${String(r.statusCode)}`);
    assert.ok(typeof r.durationMs === 'number' && r.durationMs >= 0, `record ${i}: durationMs ${String(r.durationMs)}`);
  });
}

/**
 * The call that created the document: the last successful write whose path does not name the new document's id
 * (uploads come before the create; follow-up calls on the document, like sevdesk's sendBy, name it).
 */
export function lastSuccessfulWrite(records: readonly CallRecord[], documentId?: string): CallRecord {
  const writes = records.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && r.statusCode !== null && r.statusCode < 300);
  const creating = documentId === undefined ? writes : writes.filter((r) => !r.path.split('?')[0]!.split('/').includes(documentId));
  const last = creating.at(-1) ?? writes.at(-1);
  assert.ok(last, 'the operation made no successful write through ctx.http: connectors must use the HTTP client they are given');
  return last;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function sandboxDocument(docs: readonly SandboxDocument[], id: string, what: string): SandboxDocument {
  const doc = docs.find((d) => d.id === id);
  assert.ok(doc, `${what}: the sandbox holds no document with id ${id} (it holds ${docs.map((d) => `${d.kind} ${d.id}`).join(', ') || 'none'})`);
  return doc;
}

export function assertTotals(doc: SandboxDocument, expected: { totalNet: string; totalTax: string; totalGross: string }, what: string) {
  assert.deepEqual(
    { totalNet: doc.totalNet, totalTax: doc.totalTax, totalGross: doc.totalGross },
    { totalNet: expected.totalNet, totalTax: expected.totalTax, totalGross: expected.totalGross },
    `${what}: totals in the tool differ from the column-method totals`,
  );
}

/**
 * The document's items summed per tax rate, to compare with the invoice's rate totals. Summed because a tool may
 * keep one item per category where another merges them; what must hold to the cent is each rate's net, tax, gross.
 */
export function itemsPerRate(items: readonly SandboxDocumentItem[]): { taxRate: number; net: string; tax: string; gross: string }[] {
  const byRate = new Map<number, { net: Dec; tax: Dec; gross: Dec }>();
  for (const item of items) {
    const sum = byRate.get(item.taxRate) ?? { net: new Dec(0), tax: new Dec(0), gross: new Dec(0) };
    sum.net = sum.net.plus(item.net);
    sum.tax = sum.tax.plus(item.tax);
    sum.gross = sum.gross.plus(item.gross);
    byRate.set(item.taxRate, sum);
  }
  return [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([taxRate, s]) => ({ taxRate, net: s.net.toFixed(2), tax: s.tax.toFixed(2), gross: s.gross.toFixed(2) }));
}

export function assertItemsMatchRates(doc: SandboxDocument, rates: readonly RateTotal[], what: string): void {
  assert.ok(doc.items && doc.items.length > 0, `${what}: the sandbox document has no items`);
  assert.deepEqual(
    itemsPerRate(doc.items),
    rates.map((r) => ({ taxRate: r.taxRate, net: r.net, tax: r.tax, gross: r.gross })),
    `${what}: the items per tax rate differ from the column-method rates`,
  );
}
