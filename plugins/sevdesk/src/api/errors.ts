import {
  ConnectorError,
  type HttpRequest,
  type HttpResponse,
  authError,
  conflictError,
  defaultErrorFor,
  validationError,
} from '@accounting-hub/core';
import { z } from 'zod';

export const TOOL = 'sevdesk';

/** Turns a field path of sevdesk's API (`invoicePosSave.0.taxRate`) into the neutral model's path, where there is one. */
export type FieldMap = (providerField: string) => string | undefined;
export const noFields: FieldMap = () => undefined;

/**
 * `{"objects": null, "error": {"message", "code", "data", "responseCode", "exceptionUUID"}}` (notes §2.1). `code` is
 * often null; some failures arrive with HTTP 200 (notes §2.2), so every body is checked, whatever its status.
 */
export const errorBody = z.looseObject({
  error: z.looseObject({
    message: z.string().nullish(),
    code: z.union([z.number(), z.string()]).nullish(),
    data: z.unknown().optional(),
    responseCode: z.union([z.number(), z.string()]).nullish(),
    exceptionUUID: z.string().nullish(),
  }),
});
export type SevdeskErrorBody = z.infer<typeof errorBody>['error'];

/** The sevdesk error in a body, if there is one: `error` present and not null. */
export function sevdeskError(body: unknown): SevdeskErrorBody | undefined {
  const parsed = errorBody.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

/** sevdesk error codes whose meaning the connector knows (notes §2.3). */
export const CODES = {
  notFound: '151',
  notDeletable: '159',
  creditNoteExists: '170',
  partiallyPaidCancel: '390',
  alreadyCancelled: '421',
  creditExceedsInvoice: '455',
  creditTaxRateDiffers: '456',
  invoicePaid: '750',
  voucherPaid: '751',
  voucherNotDraft: '90400',
} as const;

/** Codes that say "the state in sevdesk does not allow this now", not "your data is wrong". */
const CONFLICT_CODES: ReadonlySet<string> = new Set([
  CODES.notDeletable,
  CODES.creditNoteExists,
  CODES.partiallyPaidCancel,
  CODES.alreadyCancelled,
  CODES.invoicePaid,
  CODES.voucherPaid,
  CODES.voucherNotDraft,
]);

export const TOKEN_HINT =
  'copy it again from sevdesk (Einstellungen → Benutzer → API-Token; in newer accounts Verwalten → Erweiterungen → API) and check that the sevdesk user it belongs to still exists';

/**
 * The field a sevdesk message names. sevdesk puts it first ("invoice expected array with 'id' and 'objectName'",
 * "Currency is required."), the sandbox as a dotted path ("invoicePosSave.0.taxRate must be …").
 */
export function fieldOfMessage(message: string): string | undefined {
  const match = /^'?([A-Za-z][A-Za-z0-9_]*(?:[.[][A-Za-z0-9_]+\]?)*)'?\s/.exec(message.trim());
  return match?.[1]?.replace(/\[(\w+)\]/g, '.$1');
}

export interface ErrorContext {
  /** What the call was about, for messages: "the customer Börse GmbH". */
  subject: string;
  fields: FieldMap;
}

/**
 * A sevdesk answer that failed (by status or by an error in its body) as a ConnectorError with one sentence a
 * tenant understands. Data errors become validation errors with the neutral field; state errors conflicts;
 * the rest keeps the generic reading of its status (rate_limited, transient, uncertain).
 */
export function errorFor(res: HttpResponse, req: HttpRequest, at: ErrorContext): ConnectorError {
  const err = sevdeskError(res.body);
  const code = err?.code === null || err?.code === undefined ? undefined : String(err.code);
  const message = err?.message?.replace(/\s+/g, ' ').trim() || undefined;
  const providerField = message ? fieldOfMessage(message) : undefined;
  const field = providerField ? at.fields(providerField) : undefined;
  const detail = message ? `: ${message}` : '';
  const extra = { httpStatus: res.status, providerKey: code ?? (res.status < 500 ? String(res.status) : undefined), providerField, field };

  if (res.status === 401) {
    return authError(`sevdesk refused the API token (401): ${TOKEN_HINT}.`, extra);
  }
  if (res.status === 403) {
    return authError(
      `sevdesk denied access (403)${detail}. The sevdesk user of this token lacks the rights, or the sevdesk plan has no API access (it needs "Buchhaltung Pro" or higher).`,
      extra,
    );
  }
  if (code !== undefined && CONFLICT_CODES.has(code)) {
    return conflictError(`sevdesk refused this for ${at.subject} in its current state${detail}`, extra);
  }
  if (res.status === 409) return conflictError(`sevdesk reported a conflict for ${at.subject}${detail}`, extra);
  if (res.status === 404 || code === CODES.notFound) {
    return validationError(`sevdesk does not know ${at.subject} (it may have been deleted there)${detail}`, extra);
  }
  // Refusals of the data: 400, 422, and errors sevdesk hides in a successful status (e.g. code 390 in a 200).
  if (res.status === 400 || res.status === 422 || res.status < 300) {
    const where = field ? ` (${field})` : '';
    return validationError(`sevdesk refused ${at.subject}${where}${detail || ` (${res.status})`}`, {
      ...extra,
      providerKey: code ?? String(res.status),
    });
  }
  const base =
    defaultErrorFor(res, req, TOOL) ??
    new ConnectorError({ kind: 'transient', message: `sevdesk answered ${res.status} unexpectedly`, httpStatus: res.status });
  return new ConnectorError({ kind: base.kind, message: base.message, retryAfterMs: base.retryAfterMs, ...extra });
}
