import { addTotals, decimalOf, voucherPositionSums } from '../amounts.js';
import { nowIso, parseSevdeskDate } from '../dates.js';
import { SevdeskApiError, notFound } from '../errors.js';
import { type RouteContext, documented } from '../openapi/route.js';
import { renderVoucher, renderVoucherPos } from '../render.js';
import type { SdVoucher, SdVoucherPos } from '../state.js';
import { ACCOUNTING_TYPES, REVENUE_GUIDES } from '../static-data.js';
import { checkRate, unprocessable } from '../tax-rules.js';
import { type Body, bodyOf, filterId, idParam, obj, page, queryOf, refId, text } from './common.js';
import { type DocumentTax, checkPositionRate, checkVatNumber, documentTax } from './document-tax.js';

function dateOf(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  const d = parseSevdeskDate(value);
  if (d === null) throw new SevdeskApiError(400, `${field} is not a valid date`);
  return d;
}

/**
 * The booking account of a revenue position: on Update 2.0 an AccountDatev from the receipt guidance that allows
 * the voucher's tax rule and the position's rate (422 otherwise, notes §1.5); on 1.0 an AccountingType.
 */
function accountOf(state: RouteContext['state'], p: Body, tax: DocumentTax, where: string): Pick<SdVoucherPos, 'accountDatevId' | 'accountingTypeId'> {
  const rate = Number(p.taxRate);
  if (state.bookkeepingSystemVersion === '1.0') {
    const id = p.accountingType === null || p.accountingType === undefined ? null : refId(p.accountingType);
    if (id === null) throw unprocessable(`${where}.accountingType is required`);
    if (!ACCOUNTING_TYPES.some((t) => t.id === id)) throw notFound('AccountingType', id);
    checkPositionRate(tax, rate, `${where}.taxRate`);
    return { accountDatevId: null, accountingTypeId: id };
  }
  const id = p.accountDatev === null || p.accountDatev === undefined ? null : refId(p.accountDatev);
  if (id === null) throw unprocessable(`${where}.accountDatev is required`);
  const guide = REVENUE_GUIDES.find((g) => g.accountDatevId === id);
  if (!guide) throw unprocessable(`${where}.accountDatev ${id} is no revenue account of this client (see ReceiptGuidance/forRevenue)`);
  const allowed = guide.rules[tax.taxRuleId ?? -1];
  if (!allowed) throw unprocessable(`${where}.accountDatev ${id} (${guide.accountName}) does not allow tax rule ${tax.taxRuleId ?? ''}`);
  checkPositionRate(tax, rate, `${where}.taxRate`);
  checkRate(rate, allowed, `${where}.taxRate`, `account ${guide.accountNumber} ${guide.accountName} with tax rule ${tax.taxRuleId ?? ''}`);
  return { accountDatevId: id, accountingTypeId: null };
}

/** Vouchers (Belege, notes §6): revenue ("D") or expense ("C"), positions per booking account, a file attached. */
export function voucherRoutes(rc: RouteContext): void {
  const { state } = rc;

  const voucherOf = (id: number): SdVoucher => {
    const v = state.vouchers.get(id);
    if (!v) throw notFound('Voucher', id);
    return v;
  };

  documented(rc, 'POST', '/Voucher/Factory/saveVoucher', async (request, reply) => {
    const body = bodyOf(request);
    const v = obj(body.voucher);
    const existing = v.id === undefined || v.id === null ? undefined : voucherOf(Number(v.id));
    // Only drafts can be saved again (notes §6.2, code 90400): resetToDraft first.
    if (existing && existing.status !== 50) {
      throw new SevdeskApiError(400, 'Voucher can only be changed in status DRAFT (50). Use resetToDraft first', 90400);
    }
    const status = Number(v.status);
    // Update 2.0: vouchers are created as draft (50) or open (100); paid only through bookAmount (notes §6.2).
    if (status !== 50 && status !== 100) throw unprocessable(`voucher.status ${status} is not possible; use bookAmount to mark a voucher paid`);
    if (v.creditDebit !== 'D') throw unprocessable('voucher.creditDebit The sandbox models revenue vouchers (D) only');
    if (v.voucherType !== 'VOU') throw unprocessable(`voucher.voucherType ${String(v.voucherType)} is not modelled by the sandbox (only VOU)`);
    const supplierId = v.supplier === null || v.supplier === undefined ? null : refId(v.supplier);
    const supplierName = text(v.supplierName);
    if (supplierId === null && !supplierName) throw unprocessable('voucher.supplier or voucher.supplierName is required');
    if (supplierId !== null && !state.contacts.has(supplierId)) throw notFound('Contact', supplierId);
    const voucherDate = dateOf(v.voucherDate, 'voucher.voucherDate');
    if (status === 100 && voucherDate === null) throw unprocessable('voucher.voucherDate is required');
    const tax = documentTax(state, v, 'voucher', 'voucher');
    if (supplierId !== null) checkVatNumber(state, tax, supplierId, 'supplier');

    const kept = new Map((existing?.positions ?? []).map((p) => [p.id, p]));
    for (const d of Array.isArray(body.voucherPosDelete) ? body.voucherPosDelete.map(obj) : []) kept.delete(Number(d.id));
    const incoming = Array.isArray(body.voucherPosSave) ? body.voucherPosSave.map(obj) : [];
    for (const [i, p] of incoming.entries()) {
      const where = `voucherPosSave.${i}`;
      const net = p.net === true;
      const sums = voucherPositionSums(Number(p.taxRate), net, decimalOf(p.sumNet) ?? '0', decimalOf(p.sumGross) ?? '0');
      const id = p.id === undefined ? state.nextId() : Number(p.id);
      if (p.id !== undefined && !kept.has(id)) throw notFound('VoucherPos', id);
      // A save appends positions without an id and replaces those with one (notes §6.2, numtide PR #124).
      kept.set(id, { id, ...accountOf(state, p, tax, where), taxRate: Number(p.taxRate), net, ...sums, comment: text(p.comment) });
    }
    const positions = [...kept.values()];
    if (positions.length === 0) throw unprocessable('voucherPosSave The given document must have at least one position');
    if (new Set(positions.map((p) => p.net)).size > 1) throw unprocessable('voucherPosSave all positions of a voucher must share the same basis (net or gross)');

    const filename = text(body.filename);
    if (filename !== null && !state.tempFiles.has(filename)) throw unprocessable(`filename ${filename} is no uploaded file (uploadTempFile first)`);
    const at = nowIso();
    const voucher: SdVoucher = {
      id: existing?.id ?? state.nextId(),
      description: text(v.description),
      voucherDate,
      deliveryDate: dateOf(v.deliveryDate, 'voucher.deliveryDate') ?? voucherDate,
      deliveryDateUntil: dateOf(v.deliveryDateUntil, 'voucher.deliveryDateUntil'),
      paymentDeadline: dateOf(v.paymentDeadline, 'voucher.paymentDeadline'),
      supplierId,
      supplierName,
      status,
      creditDebit: 'D',
      voucherType: 'VOU',
      taxRuleId: tax.taxRuleId,
      taxType: tax.taxType,
      currency: text(v.currency) ?? 'EUR',
      positions,
      files: [...(existing?.files ?? []), ...(filename ? [filename] : [])],
      ...addTotals(positions),
      create: existing?.create ?? at,
      update: at,
    };
    state.vouchers.set(voucher.id, voucher);
    return reply.code(201).send({
      objects: { voucher: renderVoucher(voucher), voucherPos: voucher.positions.map((p) => renderVoucherPos(voucher, p)), filename },
    });
  });

  documented(rc, 'GET', '/Voucher', async (request) => {
    const q = queryOf(request);
    const contactId = filterId(q, 'contact');
    const rows = [...state.vouchers.values()].filter(
      (v) =>
        (q.status === undefined || v.status === Number(q.status)) &&
        (q.creditDebit === undefined || v.creditDebit === q.creditDebit) &&
        // A substring filter (notes §6.2): callers compare exactly themselves.
        (q.descriptionLike === undefined || (v.description ?? '').includes(q.descriptionLike)) &&
        (contactId === undefined || v.supplierId === contactId),
    );
    return page(rows.map(renderVoucher), q);
  });

  documented(rc, 'GET', '/Voucher/{voucherId}', async (request) => ({ objects: [renderVoucher(voucherOf(idParam(request, 'voucherId')))] }));

  documented(rc, 'GET', '/VoucherPos', async (request) => {
    const q = queryOf(request);
    const voucherId = filterId(q, 'voucher');
    const rows = [...state.vouchers.values()]
      .filter((v) => voucherId === undefined || v.id === voucherId)
      .flatMap((v) => v.positions.map((p) => renderVoucherPos(v, p)));
    return page(rows, q);
  });

  documented(rc, 'PUT', '/Voucher/{voucherId}/resetToDraft', async (request) => {
    const v = voucherOf(idParam(request, 'voucherId'));
    if (v.status === 1000) throw unprocessable('Paid vouchers can not be reset to draft; use resetToOpen first', 751);
    v.status = 50;
    v.update = nowIso();
    return { objects: renderVoucher(v) };
  });
}
