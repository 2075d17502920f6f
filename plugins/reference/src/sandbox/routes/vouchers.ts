import { Dec } from '@accounting-hub/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseWire } from '../api-error.js';
import type { ReferenceState, StoredDocument } from '../state.js';
import { type VoucherWire, voucherWire } from '../wire.js';

const sum = (values: string[]) => values.reduce((acc, v) => acc.plus(v), new Dec(0));

/**
 * A voucher carries its own totals and items; the tool insists they agree to the cent instead of recomputing,
 * which is what makes a connector's rounding mistakes visible.
 */
function checkVoucher(state: ReferenceState, body: VoucherWire): void {
  body.items.forEach((item, i) => {
    if (!new Dec(item.net).plus(item.tax).equals(item.gross)) {
      throw new ApiError(422, 'item_sum_mismatch', `Item ${i}: net ${item.net} + tax ${item.tax} is not gross ${item.gross}`, `items.${i}.gross`);
    }
  });
  const columns = [
    ['net', 'totalNet'],
    ['tax', 'totalTax'],
    ['gross', 'totalGross'],
  ] as const;
  for (const [key, totalKey] of columns) {
    const total = body[totalKey];
    const items = sum(body.items.map((i) => i[key]));
    if (!items.equals(total)) {
      throw new ApiError(422, 'totals_mismatch', `The items' ${key} add up to ${items.toFixed(2)}, the voucher says ${total}`, 'items');
    }
  }
  if (body.type === 'sales_credit_note' && new Dec(body.totalGross).lte(0)) {
    // An income reduction says "reduction" by its type; its amounts are positive.
    throw new ApiError(422, 'amount_must_be_positive', 'A sales credit note has a positive total', 'totalGross');
  }
  if (body.customerId !== undefined && !state.customers.has(body.customerId)) {
    throw new ApiError(422, 'customer_not_found', `No customer ${body.customerId}`, 'customerId');
  }
  if (body.precedingId !== undefined && !state.documents.has(body.precedingId)) {
    throw new ApiError(422, 'preceding_not_found', `No document ${body.precedingId}`, 'precedingId');
  }
}

export function voucherRoutes(app: FastifyInstance, state: ReferenceState): void {
  app.post('/v1/vouchers', async (request, reply) => {
    const body = parseWire(voucherWire, request.body);
    checkVoucher(state, body);
    const doc: StoredDocument = {
      kind: 'voucher',
      id: state.nextId('vou'),
      // Voucher numbers are the tenant's: the tool keeps them as given.
      number: body.number,
      externalNumber: body.number,
      status: 'open',
      customerId: body.customerId ?? null,
      date: body.date,
      totalNet: body.totalNet,
      totalTax: body.totalTax,
      totalGross: body.totalGross,
      items: body.items.map((i) => ({ ...i })),
      files: [],
      precedingId: body.precedingId ?? null,
      reference: body.reference ?? null,
      voucherType: body.type,
      remark: body.remark ?? null,
    };
    state.documents.set(doc.id, doc);
    return reply.code(201).send(doc);
  });

  app.get('/v1/vouchers/:id', async (request) => {
    const { id } = parseWire(z.strictObject({ id: z.string() }), request.params);
    const doc = state.documents.get(id);
    if (doc?.kind !== 'voucher') throw new ApiError(404, 'not_found', `No voucher ${id}`);
    return doc;
  });
}
