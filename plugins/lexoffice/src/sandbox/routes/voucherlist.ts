import { Dec } from '@accounting-hub/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireScope } from '../caller.js';
import { DATE_ONLY, berlinDate, dayOf, midnightOf } from '../clock.js';
import { regularError } from '../http-errors.js';
import type { LexofficeState } from '../state.js';
import { htmlDecode, queryOf } from '../wire-input.js';

const TYPES = [
  'salesinvoice',
  'salescreditnote',
  'purchaseinvoice',
  'purchasecreditnote',
  'invoice',
  'downpaymentinvoice',
  'creditnote',
  'orderconfirmation',
  'quotation',
  'deliverynote',
];
const STATUSES = ['draft', 'open', 'overdue', 'paid', 'paidoff', 'voided', 'transferred', 'sepadebit', 'accepted', 'rejected', 'unchecked'];
const DATE_FILTERS = ['voucherDateFrom', 'voucherDateTo', 'createdDateFrom', 'createdDateTo', 'updatedDateFrom', 'updatedDateTo'] as const;
const SORTS = ['voucherDate', 'voucherNumber', 'createdDate', 'updatedDate'];

interface Entry {
  id: string;
  voucherType: string;
  voucherStatus: string;
  voucherNumber: string | null;
  voucherDate: string | null;
  createdDate: string;
  updatedDate: string;
  dueDate: string | null;
  contactId: string | null;
  contactName: string;
  totalAmount: number;
  openAmount: number | null;
  currency: 'EUR';
  archived: boolean;
}

function entries(state: LexofficeState): Entry[] {
  const sales: Entry[] = [...state.salesVouchers.values()].map((s) => {
    const credited = [...state.salesVouchers.values()]
      .filter((c) => c.kind === 'creditnote' && c.precedingId === s.id && c.voucherStatus !== 'draft')
      .reduce((acc, c) => acc.plus(c.totals.gross), new Dec(0));
    const open = new Dec(s.totals.gross).minus(credited);
    return {
      id: s.id,
      voucherType: s.kind,
      voucherStatus: s.voucherStatus,
      voucherNumber: s.voucherNumber,
      voucherDate: s.voucherDate,
      createdDate: s.createdDate,
      updatedDate: s.updatedDate,
      dueDate: s.dueDate ?? null,
      contactId: s.address.contactId ?? null,
      contactName: s.address.name,
      totalAmount: Number(s.totals.gross),
      // null for drafts and for documents that are no invoices (notes §8.4).
      openAmount: s.kind === 'invoice' && s.voucherStatus !== 'draft' ? Math.max(0, Number(open.toFixed(2))) : null,
      currency: 'EUR',
      archived: false,
    };
  });
  const vouchers: Entry[] = [...state.vouchers.values()].map((v) => ({
    id: v.id,
    voucherType: v.type,
    voucherStatus: v.voucherStatus,
    voucherNumber: v.voucherNumber ?? null,
    voucherDate: v.voucherDate ? midnightOf(v.voucherDate) : null,
    createdDate: v.createdDate,
    updatedDate: v.updatedDate,
    dueDate: v.dueDate ? midnightOf(v.dueDate) : null,
    // The collective contact shows as null (notes §8.1).
    contactId: v.contactId ?? null,
    contactName: v.contactName ?? 'Sammelkunde',
    totalAmount: Number(v.totalGrossAmount),
    openAmount: v.voucherStatus === 'open' ? Number(v.totalGrossAmount) : null,
    currency: 'EUR',
    archived: false,
  }));
  return [...sales, ...vouchers];
}

function badRequest(request: FastifyRequest, message: string) {
  return regularError(400, request.url.split('?')[0] ?? request.url, message);
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * `GET /v1/voucherlist` (notes §8.4): `voucherType` and `voucherStatus` required (a list or `any`), date filters
 * as `yyyy-MM-dd` meaning whole Berlin days (datetimes answer 400), `voucherNumber` HTML-then-URL encoded, pages
 * of at most 250.
 */
export async function voucherlistRoutes(app: FastifyInstance, opts: { state: LexofficeState }): Promise<void> {
  const { state } = opts;
  app.get('/voucherlist', async (request) => {
    requireScope(request, 'voucherlist.read');
    const q = queryOf(request);
    for (const name of ['voucherType', 'voucherStatus'] as const) {
      if (!q[name]) throw badRequest(request, `Required request parameter '${name}' for method parameter type String is not present`);
    }
    const types = q.voucherType === 'any' ? TYPES : list(q.voucherType ?? '');
    const statuses = q.voucherStatus === 'any' ? STATUSES.filter((s) => s !== 'overdue') : list(q.voucherStatus ?? '');
    if (types.some((t) => !TYPES.includes(t))) throw badRequest(request, `Invalid value '${q.voucherType}' received for request parameter 'voucherType'.`);
    if (statuses.some((s) => !STATUSES.includes(s))) throw badRequest(request, `Invalid value '${q.voucherStatus}' received for request parameter 'voucherStatus'.`);
    if (statuses.includes('overdue') && statuses.length > 1) throw badRequest(request, "'overdue' cannot be combined with other statuses.");
    for (const name of DATE_FILTERS) {
      const v = q[name];
      if (v !== undefined && !DATE_ONLY.test(v)) throw badRequest(request, `Invalid value '${v}' received for request parameter '${name}'.`);
    }
    const size = q.size === undefined ? 25 : Number(q.size);
    const page = q.page === undefined ? 0 : Number(q.page);
    if (!Number.isInteger(size) || size < 1 || size > 250) throw badRequest(request, `Invalid value '${q.size}' received for request parameter 'size'.`);
    if (!Number.isInteger(page) || page < 0) throw badRequest(request, `Invalid value '${q.page}' received for request parameter 'page'.`);
    const [sortField = 'voucherDate', sortDir = 'DESC'] = (q.sort ?? 'voucherDate,DESC').split(',');
    if (!SORTS.includes(sortField)) throw badRequest(request, `Invalid value '${q.sort}' received for request parameter 'sort'.`);

    const today = berlinDate(new Date());
    const number = q.voucherNumber === undefined ? undefined : htmlDecode(q.voucherNumber);
    const inRange = (value: string | null, from?: string, to?: string) => {
      if (from === undefined && to === undefined) return true;
      if (!value) return false;
      const day = dayOf(value);
      return (from === undefined || day >= from) && (to === undefined || day <= to);
    };
    const matches = entries(state).filter((e) => {
      if (!types.includes(e.voucherType)) return false;
      const overdue = e.voucherStatus === 'open' && e.dueDate !== null && dayOf(e.dueDate) < today;
      if (statuses.includes('overdue') ? !overdue : !statuses.includes(e.voucherStatus)) return false;
      if (q.contactId !== undefined && e.contactId !== q.contactId) return false;
      if (number !== undefined && e.voucherNumber !== number) return false;
      if (q.archived !== undefined && String(e.archived) !== q.archived) return false;
      return (
        inRange(e.voucherDate, q.voucherDateFrom, q.voucherDateTo) &&
        inRange(e.createdDate, q.createdDateFrom, q.createdDateTo) &&
        inRange(e.updatedDate, q.updatedDateFrom, q.updatedDateTo)
      );
    });
    const key = (e: Entry) => String(e[sortField as 'voucherDate'] ?? '');
    matches.sort((a, b) => (sortDir?.toUpperCase() === 'ASC' ? 1 : -1) * key(a).localeCompare(key(b)));
    const content = matches.slice(page * size, page * size + size);
    const totalPages = Math.max(1, Math.ceil(matches.length / size));
    return {
      content,
      first: page === 0,
      last: page >= totalPages - 1,
      totalPages,
      totalElements: matches.length,
      numberOfElements: content.length,
      size,
      number: page,
      sort: [{ property: sortField, direction: sortDir?.toUpperCase() === 'ASC' ? 'ASC' : 'DESC', ignoreCase: false, nullHandling: 'NATIVE', ascending: sortDir?.toUpperCase() === 'ASC' }],
    };
  });
}
