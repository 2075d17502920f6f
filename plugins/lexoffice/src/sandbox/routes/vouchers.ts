import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireScope } from '../caller.js';
import { berlinTimestamp, isCalendarDate, midnightOf } from '../clock.js';
import { type IssueSpec, issueList, regularError } from '../http-errors.js';
import { postingCategory } from '../posting-category-data.js';
import type { LexofficeState, StoredVoucher } from '../state.js';
import { VAT_RATES, decOf, hasAtMostDecimals } from '../validation/amounts.js';
import { voucherTotalsIssues } from '../validation/voucher-totals.js';
import { idParam, parseLegacyBody } from '../wire-input.js';

const voucherBody = z.object({
  type: z.string(),
  voucherStatus: z.string().optional(),
  voucherNumber: z.string().max(255).optional(),
  voucherDate: z.string().optional(),
  shippingDate: z.string().optional(),
  dueDate: z.string().optional(),
  totalGrossAmount: z.number().optional(),
  totalTaxAmount: z.number().optional(),
  taxType: z.string(),
  useCollectiveContact: z.boolean().optional(),
  contactId: z.string().nullable().optional(),
  contactName: z.string().optional(),
  remark: z.string().max(2000).optional(),
  voucherItems: z.array(z.object({ amount: z.number(), taxAmount: z.number(), taxRatePercent: z.number(), categoryId: z.string() })).optional(),
  files: z.array(z.string()).optional(),
  version: z.number().int().optional(),
});
type VoucherBody = z.infer<typeof voucherBody>;

const TYPES = ['salesinvoice', 'salescreditnote', 'purchaseinvoice', 'purchasecreditnote'] as const;
type VoucherType = (typeof TYPES)[number];

/** The rules of `POST /v1/vouchers` (notes §8.1, §8.2, §14.3; cookbook 002's category table). */
function voucherIssues(state: LexofficeState, body: VoucherBody): IssueSpec[] {
  const issues: IssueSpec[] = [];
  const add = (i18nKey: string, source: string, args?: unknown[]) => issues.push({ i18nKey, source, ...(args ? { args } : {}) });
  if (!(TYPES as readonly string[]).includes(body.type)) add('invalid_value', 'type');
  if (body.taxType !== 'net' && body.taxType !== 'gross') add('invalid_value', 'taxType');
  const status = body.voucherStatus ?? 'open';
  if (status !== 'open' && status !== 'unchecked') add('invalid_value', 'voucherStatus');
  if (status === 'unchecked' && body.taxType === 'net') add('invalid_value', 'voucherStatus', ['net vouchers cannot be unchecked']);
  // The docs contradict themselves on `version` for POST (0 or 1); omitting it is what they agree on.
  if (body.version !== undefined && body.version !== 0 && body.version !== 1) add('invalid_value', 'version');
  const checked = status !== 'unchecked';
  if (checked) {
    if (!body.voucherNumber) add('missing_entity', 'voucherNumber');
    if (!body.voucherDate) add('missing_entity', 'voucherDate');
    if (body.totalGrossAmount === undefined) add('missing_entity', 'totalGrossAmount');
    if (body.totalTaxAmount === undefined) add('missing_entity', 'totalTaxAmount');
    if (!body.voucherItems || body.voucherItems.length === 0) add('missing_entity', 'voucherItems');
  }
  // Bookkeeping vouchers take date-only values (notes §14.4).
  for (const field of ['voucherDate', 'shippingDate', 'dueDate'] as const) {
    const v = body[field];
    if (v !== undefined && !isCalendarDate(v)) add('invalid_value', field);
  }
  for (const field of ['totalGrossAmount', 'totalTaxAmount'] as const) {
    const v = body[field];
    if (v !== undefined && !hasAtMostDecimals(v, 2)) add('invalid_value', field);
  }

  const sales = body.type === 'salesinvoice' || body.type === 'salescreditnote';
  const collective = body.useCollectiveContact === true;
  const contact = !collective && body.contactId ? state.contacts.get(body.contactId) : undefined;
  if (!collective) {
    if (!body.contactId) add('missing_entity', 'contactId');
    else if (!contact) add('invalid_value', 'contactId');
    else if (sales && !contact.roles.customer) add('invalid_value', 'contactId', ['the contact is no customer']);
    else if (!sales && !contact.roles.vendor) add('invalid_value', 'contactId', ['the contact is no vendor']);
  }

  (body.voucherItems ?? []).forEach((item, i) => {
    const at = `voucherItems[${i}]`;
    if (!hasAtMostDecimals(item.amount, 2)) add('invalid_value', `${at}.amount`);
    // lexoffice "cannot handle free items" (notes §14.3). Negative items (a discount line) are accepted as long
    // as the voucher's total is positive. UNCERTAIN: the server rule for negative items.
    if (item.amount === 0) add('invalid_value', `${at}.amount`, ['zero amounts are not accepted']);
    if (!hasAtMostDecimals(item.taxAmount, 2)) add('invalid_value', `${at}.taxAmount`);
    if (!VAT_RATES.includes(item.taxRatePercent)) add('invalid_value', `${at}.taxRatePercent`);
    const category = postingCategory(item.categoryId);
    if (!category) {
      add('invalid_value', `${at}.categoryId`);
      return;
    }
    if ((category.type === 'income') !== sales) add('invalid_value', `${at}.categoryId`, ['category does not fit the voucher type']);
    if (!category.rates.includes(item.taxRatePercent)) add('invalid_value', `${at}.taxRatePercent`, [`category ${category.name} takes ${category.rates.join('/')} %`]);
    if (category.contactRequired && collective) add('missing_entity', 'contactId', [`category ${category.name} needs a contact`]);
    if (category.vatIdRequired && contact && !contact.company?.vatRegistrationId) {
      add('invalid_value', 'contactId', [`category ${category.name} needs a company with a VAT id`]);
    }
  });

  const items = body.voucherItems ?? [];
  const amountsReadable = items.every((i) => hasAtMostDecimals(i.amount, 2) && hasAtMostDecimals(i.taxAmount, 2));
  if (checked && amountsReadable && items.length > 0 && body.totalGrossAmount !== undefined && body.totalTaxAmount !== undefined) {
    issues.push(
      ...voucherTotalsIssues(
        body.taxType === 'gross' ? 'gross' : 'net',
        items.map((i) => ({ amount: decOf(i.amount), taxAmount: decOf(i.taxAmount), taxRatePercent: i.taxRatePercent })),
        decOf(body.totalGrossAmount),
        decOf(body.totalTaxAmount),
      ),
    );
    if (body.totalGrossAmount <= 0) add('invalid_value', 'totalGrossAmount', ['the total must be positive']);
  }
  return issues;
}

export function voucherJson(state: LexofficeState, v: StoredVoucher) {
  return {
    id: v.id,
    organizationId: state.organization.id,
    type: v.type,
    voucherStatus: v.voucherStatus,
    ...(v.voucherNumber ? { voucherNumber: v.voucherNumber } : {}),
    // Responses carry datetimes where requests carried dates (notes §8.1).
    ...(v.voucherDate ? { voucherDate: midnightOf(v.voucherDate) } : {}),
    ...(v.shippingDate ? { shippingDate: midnightOf(v.shippingDate) } : {}),
    ...(v.dueDate ? { dueDate: midnightOf(v.dueDate) } : {}),
    totalGrossAmount: Number(v.totalGrossAmount),
    totalTaxAmount: Number(v.totalTaxAmount),
    taxType: v.taxType,
    useCollectiveContact: v.useCollectiveContact,
    ...(v.contactId ? { contactId: v.contactId } : {}),
    ...(v.contactName ? { contactName: v.contactName } : {}),
    ...(v.remark ? { remark: v.remark } : {}),
    voucherItems: v.voucherItems.map((i) => ({ amount: Number(i.amount), taxAmount: Number(i.taxAmount), taxRatePercent: i.taxRatePercent, categoryId: i.categoryId })),
    files: v.files,
    createdDate: v.createdDate,
    updatedDate: v.updatedDate,
    version: v.version,
  };
}

export function findVoucher(state: LexofficeState, request: FastifyRequest): StoredVoucher {
  const v = state.vouchers.get(idParam(request));
  if (!v) throw regularError(404, request.url.split('?')[0] ?? request.url, 'Resource not found');
  return v;
}

/** `/v1/vouchers` (notes §8): create with totals checked to the cent, read. */
export async function voucherRoutes(app: FastifyInstance, opts: { state: LexofficeState }): Promise<void> {
  const { state } = opts;

  app.post('/vouchers', async (request, reply) => {
    requireScope(request, 'vouchers.write');
    const body = parseLegacyBody(request, voucherBody);
    const issues = voucherIssues(state, body);
    if (issues.length > 0) throw issueList(406, issues);
    const now = berlinTimestamp(new Date());
    const contact = body.useCollectiveContact ? undefined : state.contacts.get(body.contactId ?? '');
    const voucher: StoredVoucher = {
      id: randomUUID(),
      version: 1,
      createdDate: now,
      updatedDate: now,
      type: body.type as VoucherType,
      voucherStatus: body.voucherStatus === 'unchecked' ? 'unchecked' : 'open',
      ...(body.voucherNumber ? { voucherNumber: body.voucherNumber } : {}),
      ...(body.voucherDate ? { voucherDate: body.voucherDate } : {}),
      ...(body.shippingDate ? { shippingDate: body.shippingDate } : {}),
      // The due date defaults to the voucher date (notes §8.1).
      ...(body.dueDate || body.voucherDate ? { dueDate: body.dueDate ?? body.voucherDate } : {}),
      totalGrossAmount: decOf(body.totalGrossAmount ?? 0).toFixed(2),
      totalTaxAmount: decOf(body.totalTaxAmount ?? 0).toFixed(2),
      taxType: body.taxType === 'gross' ? 'gross' : 'net',
      useCollectiveContact: body.useCollectiveContact === true,
      ...(contact ? { contactId: contact.id, contactName: state.contactName(contact) } : body.contactName ? { contactName: body.contactName } : {}),
      ...(body.remark ? { remark: body.remark } : {}),
      voucherItems: (body.voucherItems ?? []).map((i) => ({
        amount: decOf(i.amount).toFixed(2),
        taxAmount: decOf(i.taxAmount).toFixed(2),
        taxRatePercent: i.taxRatePercent,
        categoryId: i.categoryId,
      })),
      files: [],
    };
    state.vouchers.set(voucher.id, voucher);
    return reply
      .code(200)
      .header('location', `/v1/vouchers/${voucher.id}`)
      .send({ id: voucher.id, resourceUri: `/v1/vouchers/${voucher.id}`, createdDate: now, updatedDate: now, version: voucher.version });
  });

  app.get('/vouchers/:id', async (request) => {
    requireScope(request, 'vouchers.read');
    return voucherJson(state, findVoucher(state, request));
  });
}
