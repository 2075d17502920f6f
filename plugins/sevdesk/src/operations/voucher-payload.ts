import {
  type BookkeepingItem,
  Dec,
  type Invoice,
  type Money,
  type RemoteCustomer,
  type TaxSituation,
  toJsonNumber,
  unsupportedError,
  validationError,
} from '@accounting-hub/core';
import type { FieldMap } from '../api/errors.js';
import { berlinDateTime } from '../api/dates.js';
import { type SaveVoucherPayload, type VoucherPosPayload, saveVoucherPayload } from '../api/payloads.js';
import { refTo } from '../api/request.js';
import type { SevdeskState } from '../state.js';
import { taxFieldsFor, taxTreatment } from '../tax/tax-rules.js';

/** One voucher position: everything of one tax rate. */
export interface RatePosition {
  taxRate: number;
  net: Money;
  gross: Money;
}

/**
 * Positions grouped by tax rate. The hub's items are grouped by rate and revenue category, but sevdesk books all
 * categories to the same revenue account, and one position per rate makes sevdesk's per-position tax equal the
 * invoice's column-method tax to the cent.
 */
export function ratePositions(items: readonly BookkeepingItem[], sign: 1 | -1): RatePosition[] {
  const byRate = new Map<number, { net: Dec; gross: Dec }>();
  for (const item of items) {
    const sum = byRate.get(item.taxRate) ?? { net: new Dec(0), gross: new Dec(0) };
    sum.net = sum.net.plus(item.net);
    sum.gross = sum.gross.plus(item.gross);
    byRate.set(item.taxRate, sum);
  }
  return [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([taxRate, s]) => ({ taxRate, net: s.net.times(sign).toFixed(2), gross: s.gross.times(sign).toFixed(2) }));
}

/** The booking account of a position: AccountDatev (Update 2.0) or AccountingType (1.0), resolved per account. */
function accountOf(state: SevdeskState, situation: TaxSituation, rates: readonly number[]): Pick<VoucherPosPayload, 'accountDatev' | 'accountingType'> {
  if (state.bookkeepingSystemVersion === '1.0') {
    return { accountingType: refTo('AccountingType', state.accountingTypeId ?? '26') };
  }
  const rule = taxTreatment(situation).taxRule;
  const account = state.revenueAccounts[String(rule)];
  if (!account) {
    throw unsupportedError(
      `The sevdesk account offers no revenue account for tax rule ${rule} (${situation.replace('_', ' ')}) in its receipt guidance; set "revenueAccountId" in the connection options or book this invoice in invoice mode.`,
      { field: 'taxSituation', providerField: 'accountDatev' },
    );
  }
  // Refused here rather than by a 422: sevdesk asks integrations to keep failing requests rare (notes §1.4).
  const refused = rates.filter((r) => account.rates.length > 0 && !account.rates.includes(r));
  if (refused.length > 0) {
    throw validationError(
      `The sevdesk revenue account ${`${account.number} ${account.name}`.trim()} allows ${account.rates.join(', ')} % under tax rule ${rule}, not ${refused.join(', ')} % (lines).`,
      { field: 'lines', providerField: 'voucherPosSave.taxRate', providerKey: 'ReceiptGuidance' },
    );
  }
  return { accountDatev: refTo('AccountDatev', account.id) };
}

export interface VoucherDraft {
  number: string;
  date: string;
  serviceStart: string;
  serviceEnd: string | undefined;
  dueDate: string | undefined;
  situation: TaxSituation;
  taxMode: Invoice['taxMode'];
  positions: RatePosition[];
  comment: string;
  filename: string | undefined;
}

/**
 * `POST /Voucher/Factory/saveVoucher` for a revenue voucher (creditDebit "D", notes §6.2), status 100 (open),
 * Belegnummer (`description`) = the tenant's number, the customer as `supplier` (sevdesk's name for the contact
 * of either direction), the uploaded file as top-level `filename`. Positions on the invoice's basis: `net: true`
 * books the net sum, `net: false` the gross sum; both are sent because the spec requires both.
 */
export function saveVoucherBody(d: VoucherDraft, customer: RemoteCustomer, state: SevdeskState): SaveVoucherPayload {
  const account = accountOf(
    state,
    d.situation,
    d.positions.map((p) => p.taxRate),
  );
  return saveVoucherPayload.parse({
    voucher: {
      objectName: 'Voucher',
      mapAll: true,
      voucherDate: berlinDateTime(d.date),
      deliveryDate: berlinDateTime(d.serviceStart),
      deliveryDateUntil: d.serviceEnd ? berlinDateTime(d.serviceEnd) : null,
      paymentDeadline: d.dueDate ? berlinDateTime(d.dueDate) : null,
      supplier: refTo('Contact', customer.id),
      description: d.number,
      status: 100,
      creditDebit: 'D',
      voucherType: 'VOU',
      ...taxFieldsFor(state.bookkeepingSystemVersion, d.situation, 'voucher'),
      currency: 'EUR',
    },
    voucherPosSave: d.positions.map((p) => ({
      objectName: 'VoucherPos',
      mapAll: true,
      ...account,
      taxRate: p.taxRate,
      net: d.taxMode === 'net',
      sumNet: toJsonNumber(p.net),
      sumGross: toJsonNumber(p.gross),
      comment: d.comment,
    })),
    voucherPosDelete: null,
    ...(d.filename ? { filename: d.filename } : {}),
  });
}

/** Voucher positions are the invoice's lines grouped by rate: the tenant finds the problem in its lines. */
export const voucherFields: FieldMap = (p) => {
  if (p.startsWith('voucherPos')) return 'lines';
  const f = p.replace(/^voucher\./, '').split('.')[0] ?? '';
  const map: Record<string, string> = {
    voucherDate: 'date',
    deliveryDate: 'servicePeriod',
    deliveryDateUntil: 'servicePeriod.end',
    paymentDeadline: 'dueDate',
    description: 'number',
    taxRule: 'taxSituation',
    taxType: 'taxSituation',
    supplier: 'customer',
    filename: 'document',
    currency: 'currency',
  };
  return map[f];
};

export const voucherCreditFields: FieldMap = (p) => {
  const f = voucherFields(p);
  if (f === 'number') return 'cancellation.number';
  if (f === 'date') return 'cancellation.date';
  if (f === 'document') return 'cancellation.document';
  return f;
};
