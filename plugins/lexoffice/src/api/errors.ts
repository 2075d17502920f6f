import {
  type ConnectorError,
  type HttpRequest,
  type HttpResponse,
  authError,
  conflictError,
  isIdempotent,
  parseRetryAfter,
  rateLimitedError,
  transientError,
  uncertainError,
  unsupportedError,
  validationError,
} from '@accounting-hub/core';
import { type LexIssue, readErrorBody } from './error-body.js';
import { neutralField, valueAt } from './fields.js';

export const TOOL = 'lexoffice';

/** lexoffice documents no Retry-After (notes §2): wait at least a second after a 429, as the docs recommend. */
const DEFAULT_RETRY_AFTER_MS = 1000;

export interface ErrorContext {
  /** What the call is about, for sentences: "customer Börse GmbH", "invoice RE21-01040". */
  subject: string;
  /** Which credential the connection uses: the way out of a 401 differs. */
  authKind: 'api_token' | 'oauth2';
}

/** A version conflict in either form lexoffice is known to use (notes §4): 409, or 406 on the `version` field. */
export function isVersionConflict(res: HttpResponse): boolean {
  if (res.status === 409) return true;
  if (res.status !== 406) return false;
  return readErrorBody(res.body).issues.some(
    (i) => i.providerField === 'version' && (i.key === 'invalid_value' || i.key === 'STALE' || i.key === 'stale'),
  );
}

function pathOf(req: HttpRequest): string {
  try {
    return new URL(req.url).pathname;
  } catch {
    return req.url;
  }
}

function sentBody(req: HttpRequest): unknown {
  return req.body?.kind === 'json' ? req.body.value : undefined;
}

/** One sentence per issue, naming the tenant's field and the document or customer it belongs to. */
function sentenceFor(issue: LexIssue, req: HttpRequest, subject: string): string {
  const neutral = neutralField(issue.providerField);
  // The neutral field in brackets; an unmapped lexoffice field is already named by the label.
  const tag = neutral ? ` (${neutral.field})` : '';
  const label = neutral?.label ?? (issue.providerField ? `the field ${issue.providerField}` : 'the data');
  const value = valueAt(sentBody(req), issue.providerField);
  const key = issue.key ?? '';
  if (key === 'vat_registration_id_invalid_number_9_digits') {
    return `The VAT id ${value ?? ''} of ${subject} is invalid: a German VAT id is DE followed by 9 digits${tag}.`.replace('id  of', 'id of');
  }
  if (key.startsWith('vat_registration_id')) {
    return `The VAT id ${value ?? ''} of ${subject} is invalid${tag}.`.replace('id  of', 'id of');
  }
  if (key === 'missing_entity' || key === 'NOTNULL' || key === 'NOTEMPTY') {
    return `lexoffice needs ${label} for ${subject}${tag}.`;
  }
  if (key === 'inacceptable_file_extension') {
    return `lexoffice does not accept this file type for ${subject}: attach a PDF, JPG or PNG (XML needs the E-Rechnung setting in lexoffice)${tag}.`;
  }
  const quoted = value === undefined ? '' : ` "${value}"`;
  return `lexoffice refused ${label}${quoted} of ${subject}${key ? ` (${key})` : ''}${tag}.`;
}

/** The issue to report: the first one that names a tenant field, else the first one. */
function pickIssue(issues: LexIssue[]): LexIssue | undefined {
  return issues.find((i) => neutralField(i.providerField) !== undefined) ?? issues[0];
}

function validationFrom(res: HttpResponse, req: HttpRequest, ctx: ErrorContext): ConnectorError {
  const parsed = readErrorBody(res.body);
  const issue = pickIssue(parsed.issues);
  const extra = { httpStatus: res.status };
  if (!issue) {
    const detail = parsed.message ? `: ${parsed.message}` : '';
    return validationError(`lexoffice rejected ${req.method} ${pathOf(req)} for ${ctx.subject} (${res.status})${detail}.`, extra);
  }
  const more = parsed.issues.length > 1 ? ` (${parsed.issues.length - 1} more problem${parsed.issues.length > 2 ? 's' : ''} in the call log)` : '';
  const neutral = neutralField(issue.providerField);
  if (issue.key === 'account_number_already_exists') {
    // A race between two contact creates (notes §14.2): nothing was created, a later try works.
    return transientError(`lexoffice was numbering another contact at the same moment; ${ctx.subject} will be tried again.`, {
      ...extra,
      providerKey: issue.key,
      providerField: issue.providerField,
    });
  }
  return validationError(`${sentenceFor(issue, req, ctx.subject)}${more}`, {
    ...extra,
    field: neutral?.field,
    providerField: issue.providerField,
    providerKey: issue.key,
  });
}

/**
 * lexoffice's answer as a ConnectorError of the taxonomy, or null for a success. Statuses follow notes §3.5;
 * 406 is lexoffice's validation status, and both error shapes keep their field and key.
 */
export function lexofficeErrorFor(res: HttpResponse, req: HttpRequest, ctx: ErrorContext): ConnectorError | null {
  const status = res.status;
  if (status < 400) return null;
  const extra = { httpStatus: status };
  const call = `${req.method} ${pathOf(req)}`;
  const parsed = readErrorBody(res.body);
  const firstKey = parsed.issues[0]?.key;
  switch (status) {
    case 401:
      return authError(
        ctx.authKind === 'api_token'
          ? 'lexoffice no longer accepts the API key: create a new key in lexoffice (Erweiterungen > Public API) and enter it here.'
          : 'lexoffice no longer accepts the access token: reconnect lexoffice.',
        extra,
      );
    case 402:
      return unsupportedError(`The lexoffice plan of this account does not include what ${call} needs (402): upgrade the plan in lexoffice.`, extra);
    case 403:
      return authError(
        ctx.authKind === 'api_token'
          ? `lexoffice denied ${call} (403): the API key lacks the permission for it; create a key with all permissions.`
          : `lexoffice denied ${call} (403): the connection lacks the permission (scope) for it; reconnect lexoffice and allow all requested access.`,
        extra,
      );
    case 404:
      return validationError(`lexoffice does not know ${ctx.subject} (${call}, 404): it may have been deleted in lexoffice.`, extra);
    case 409:
      return conflictError(`${ctx.subject} was changed in lexoffice meanwhile (409).`, { ...extra, providerKey: firstKey });
    case 429: {
      const retryAfterMs = parseRetryAfter(res.headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS;
      return rateLimitedError('lexoffice is rate limiting this connection (429): it allows 2 requests per second.', retryAfterMs, extra);
    }
  }
  if (status >= 500) {
    const detail = parsed.message ? `: ${parsed.message}` : '';
    // A 504 comes after 30 s, and "it is possible that your request has been processed" (notes §3.1).
    return isIdempotent(req)
      ? transientError(`lexoffice had a server error (${status}) during ${call}${detail}.`, extra)
      : uncertainError(`lexoffice answered ${status} to ${call} for ${ctx.subject}; it may have been performed${detail}.`, extra);
  }
  if (isVersionConflict(res)) {
    return conflictError(`${ctx.subject} was changed in lexoffice meanwhile (stale version).`, { ...extra, providerKey: firstKey, providerField: 'version' });
  }
  return validationFrom(res, req, ctx);
}
