import type { FindBookedInput, FindBookedResult } from '@accounting-hub/core';
import { noFields } from '../api/errors.js';
import { type ReferenceContext, api } from '../api/request.js';
import { documentList } from '../api/responses.js';
import { remoteDocument } from '../payloads.js';

/**
 * Settles an uncertain outcome: by the hub's reference first (stored on every document, and the only handle on
 * an invoice whose number the tool assigned), then, for vouchers, by the tenant's number with the same total and
 * customer, in case a document was booked before references were kept. Only reads.
 */
export async function findBooked(ctx: ReferenceContext, input: FindBookedInput): Promise<FindBookedResult> {
  const base = { operation: 'findBooked', method: 'GET' as const, path: '/v1/documents', fields: noFields, subject: `document ${input.number}` };
  const byReference = await api(ctx, { ...base, query: { kind: input.kind, reference: input.reference } }, documentList);
  const hit = byReference.items[0];
  if (hit) return { document: remoteDocument(hit) };
  if (input.kind !== 'voucher') return { document: null };
  const byNumber = await api(ctx, { ...base, query: { kind: input.kind, number: input.number } }, documentList);
  const match = byNumber.items.find(
    (d) => d.totalGross === input.totalGross && (input.customer === null || d.customerId === input.customer.id),
  );
  return { document: match ? remoteDocument(match) : null };
}
