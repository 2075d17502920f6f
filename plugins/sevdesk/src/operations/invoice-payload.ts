import { type Invoice, type RemoteCustomer, customerDisplayName, toJsonNumber } from '@accounting-hub/core';
import type { FieldMap } from '../api/errors.js';
import { berlinDateTime, berlinUnixSeconds, daysBetween, germanDate } from '../api/dates.js';
import { type SaveInvoicePayload, saveInvoicePayload } from '../api/payloads.js';
import { refTo } from '../api/request.js';
import type { SevdeskState } from '../state.js';
import { taxFieldsFor, taxTreatment } from '../tax/tax-rules.js';
import { countryId } from './customers/contact-payload.js';

/**
 * sevdesk's Unity 1 is "Stk" (piece). UNCERTAIN: other unit ids are not documented, so every position goes out
 * as pieces and the tenant's unit name is not carried.
 */
const UNITY_PIECE = 1;

/** The recipient block sevdesk prints (it does not copy the contact's address itself, notes §4.1). */
function addressBlock(inv: Invoice): string {
  const c = inv.customer;
  const a = c.address;
  const lines = [customerDisplayName(c)];
  if (c.type === 'company' && c.contactPerson) {
    lines.push(`z. Hd. ${[c.contactPerson.firstName, c.contactPerson.lastName].filter(Boolean).join(' ')}`);
  }
  if (a?.supplement) lines.push(a.supplement);
  if (a?.street) lines.push(a.street);
  const place = [a?.zip, a?.city].filter(Boolean).join(' ');
  if (place) lines.push(place);
  if (a && a.countryCode !== 'DE') lines.push(a.countryCode);
  return lines.join('\n');
}

/**
 * `POST /Invoice/Factory/saveInvoice` for a new draft (status "100": the only status sevdesk creates since
 * Update 2.0). The hub's reference goes into `customerInternalNote`, which sevdesk filters exactly, so that
 * findBooked recognises an invoice whose number sevdesk assigned. Number left empty: sevdesk assigns it on send.
 */
export function saveInvoiceBody(inv: Invoice, customer: RemoteCustomer, state: SevdeskState, reference: string): SaveInvoicePayload {
  const tax = taxTreatment(inv.taxSituation);
  const start = inv.servicePeriod?.start ?? inv.serviceDate ?? inv.date;
  return saveInvoicePayload.parse({
    invoice: {
      objectName: 'Invoice',
      mapAll: true,
      contact: refTo('Contact', customer.id),
      contactPerson: refTo('SevUser', state.sevUserId),
      invoiceDate: germanDate(inv.date),
      headText: inv.introduction ?? null,
      footText: inv.remark ?? null,
      timeToPay: inv.dueDate ? daysBetween(inv.date, inv.dueDate) : null,
      discount: 0,
      address: addressBlock(inv),
      addressCountry: refTo('StaticCountry', countryId(state, inv.customer.address?.countryCode ?? 'DE')),
      deliveryDate: berlinDateTime(start),
      deliveryDateUntil: inv.servicePeriod ? berlinUnixSeconds(inv.servicePeriod.end) : null,
      status: '100',
      smallSettlement: tax.smallSettlement,
      // Document-level rate: ignored by sevdesk, required by the spec (notes §1.5).
      taxRate: 0,
      ...taxFieldsFor(state.bookkeepingSystemVersion, inv.taxSituation, 'invoice'),
      taxText: tax.taxText,
      invoiceType: 'RE',
      currency: 'EUR',
      // One basis per document: net invoices send net prices, gross invoices gross prices (notes §4.1).
      showNet: inv.taxMode === 'net',
      customerInternalNote: reference,
    },
    invoicePosSave: inv.lines.map((line, i) => ({
      objectName: 'InvoicePos',
      mapAll: true,
      quantity: toJsonNumber(line.quantity),
      price: toJsonNumber(line.unitPrice),
      name: line.title,
      text: line.description ?? null,
      unity: refTo('Unity', UNITY_PIECE),
      taxRate: line.taxRate,
      // UNCERTAIN: sevdesk's position `discount` is read as a percentage, as the neutral model's discountPercent.
      discount: line.discountPercent ? toJsonNumber(line.discountPercent) : null,
      positionNumber: i,
    })),
    invoicePosDelete: null,
  });
}

/** sevdesk's invoice fields in the neutral model: positions are the invoice's lines, one to one. */
export const invoiceFields: FieldMap = (p) => {
  const pos = /^invoicePos(?:Save)?\.(\d+)\.(\w+)/.exec(p);
  if (pos) {
    const field = { price: 'unitPrice', quantity: 'quantity', taxRate: 'taxRate', name: 'title', text: 'description', discount: 'discountPercent' }[
      pos[2] ?? ''
    ];
    return field ? `lines.${pos[1]}.${field}` : `lines.${pos[1]}`;
  }
  const f = p.replace(/^invoice\./, '').split('.')[0] ?? '';
  const map: Record<string, string> = {
    invoiceDate: 'date',
    timeToPay: 'dueDate',
    deliveryDate: 'servicePeriod',
    deliveryDateUntil: 'servicePeriod.end',
    taxRule: 'taxSituation',
    taxType: 'taxSituation',
    taxText: 'taxSituation',
    smallSettlement: 'taxSituation',
    contact: 'customer',
    addressCountry: 'customer.address.countryCode',
    address: 'customer.address',
    headText: 'introduction',
    footText: 'remark',
    currency: 'currency',
    invoicePosSave: 'lines',
  };
  return map[f];
};
