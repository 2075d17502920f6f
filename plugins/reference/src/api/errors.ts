import {
  ConnectorError,
  type HttpRequest,
  type HttpResponse,
  defaultErrorFor,
  validationError,
} from '@accounting-hub/core';
import { errorResponse } from './responses.js';

export const TOOL = 'Reference Books';

/** Turns a field path of the tool's API into the path of the same field in the neutral model, when there is one. */
export type FieldMap = (providerField: string) => string | undefined;

/** Statuses whose error body says what was wrong with the data: the tenant fixes it, the hub never retries. */
const DATA_STATUSES: ReadonlySet<number> = new Set([400, 413, 415, 422]);

/**
 * The tool's `{ error: { code, field, message } }` read into the taxonomy: data errors become validation errors
 * naming the neutral field and the tool's code; everything else keeps the generic reading of its status
 * (auth, rate_limited, conflict, transient or uncertain) and gains the tool's code for support.
 */
export function errorFor(res: HttpResponse, req: HttpRequest, fields: FieldMap, subject: string): ConnectorError {
  const parsed = errorResponse.safeParse(res.body);
  const error = parsed.success ? parsed.data.error : undefined;
  const providerField = error?.field;
  const field = providerField === undefined ? undefined : fields(providerField);
  if (error && DATA_STATUSES.has(res.status)) {
    return validationError(`${TOOL} refused ${subject}${field ? ` (${field})` : ''}: ${error.message ?? error.code}`, {
      field,
      providerField,
      providerKey: error.code,
      httpStatus: res.status,
    });
  }
  const base =
    defaultErrorFor(res, req, TOOL) ??
    new ConnectorError({ kind: 'transient', message: `${TOOL} answered ${res.status} unexpectedly`, httpStatus: res.status });
  return new ConnectorError({
    kind: base.kind,
    message: base.message,
    httpStatus: base.httpStatus,
    retryAfterMs: base.retryAfterMs,
    field,
    providerField,
    providerKey: error?.code,
  });
}

/** Customer fields are named as in the neutral model, except the contact person list and the reference. */
export const customerFields: FieldMap = (p) => {
  if (p === 'version') return undefined;
  if (p === 'kind') return 'customer.type';
  if (p === 'externalRef') return 'customer.ref';
  if (p === 'contactPersons') return 'customer.contactPerson';
  const contact = /^contactPersons\.\d+\.(.+)$/.exec(p);
  if (contact) return `customer.contactPerson.${contact[1]}`;
  return `customer.${p}`;
};

/** Invoice fields keep the neutral names (lines.0.taxRate, dueDate, ...); the customer is the linked customer. */
export const invoiceFields: FieldMap = (p) => {
  if (p === 'customerId') return 'customer';
  if (p === 'reference' || p === 'precedingId') return undefined;
  return p;
};

/** A credit note's date and number are the cancellation's; its lines are the original invoice's. */
export const creditNoteFields: FieldMap = (p) => (p === 'date' ? 'cancellation.date' : invoiceFields(p));

/** Voucher items and totals are derived from the invoice's lines, so that is where the tenant looks. */
export const voucherFields: FieldMap = (p) => {
  if (p === 'customerId') return 'customer';
  if (p.startsWith('items') || p.startsWith('total')) return 'lines';
  if (p === 'number' || p === 'date' || p === 'dueDate') return p;
  return undefined;
};

export const voucherCreditFields: FieldMap = (p) => {
  if (p === 'number') return 'cancellation.number';
  if (p === 'date') return 'cancellation.date';
  return voucherFields(p);
};

export const fileFields: FieldMap = (p) => (p === 'file' ? 'document' : undefined);

export const noFields: FieldMap = () => undefined;
