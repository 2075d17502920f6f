import { type ConnectorError, authError, conflictError, rateLimitedError, transientError, uncertainError, unsupportedError, validationError } from '../errors/connector-error.js';
import { isIdempotent } from './idempotent.js';
import { parseRetryAfter } from './retry-after.js';
import type { HttpRequest, HttpResponse } from './types.js';

/** When a 429 does not say how long to wait, a second is short enough not to stall and long enough not to hammer. */
const DEFAULT_RETRY_AFTER_MS = 1000;
const MAX_PROVIDER_MESSAGE = 200;

/**
 * The generic reading of an HTTP status, for whatever a connector does not map more precisely itself
 * (lexoffice's i18nKey, sevdesk's error codes). `what` names the tool in the message, e.g. "lexoffice".
 * Returns null for success (and redirects fetch did not follow).
 */
export function defaultErrorFor(res: HttpResponse, req: HttpRequest, what: string): ConnectorError | null {
  const status = res.status;
  if (status < 400) return null;
  const detail = providerMessage(res.body);
  const suffix = detail === undefined ? '' : `: ${detail}`;
  const extra = { httpStatus: status };
  const call = `${req.method} ${pathOf(req.url)}`;
  switch (status) {
    case 401:
      return authError(`${what} refused the credentials (401)${suffix}`, extra);
    case 403:
      return authError(`${what} denied access (403)${suffix}`, extra);
    case 402:
      return unsupportedError(`${what} requires another plan for this (402)${suffix}`, extra);
    case 404:
      return validationError(`Not found in ${what}: ${call} (404)${suffix}`, extra);
    case 409:
      return conflictError(`${what} reported a conflict (409)${suffix}`, extra);
    case 429: {
      const retryAfterMs = parseRetryAfter(res.headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS;
      return rateLimitedError(`${what} is rate limiting requests (429)`, retryAfterMs, extra);
    }
  }
  if (status >= 500) {
    // A server error after a write does not say whether the write happened before the failure.
    return isIdempotent(req)
      ? transientError(`${what} had a server error (${status})${suffix}`, extra)
      : uncertainError(`${what} failed with ${status} during ${call}; it may have been performed${suffix}`, extra);
  }
  return validationError(`${what} rejected the request (${status})${suffix}`, extra);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The human part of a typical error body ({ message }, OAuth's error_description, problem+json's title/detail). */
function providerMessage(body: unknown): string | undefined {
  let found: unknown;
  if (typeof body === 'string') {
    // HTML error pages from proxies say nothing a tenant can use.
    found = body.trimStart().startsWith('<') ? undefined : body;
  } else if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    const nested = typeof b.error === 'object' && b.error !== null ? (b.error as Record<string, unknown>).message : undefined;
    found = [b.message, b.error_description, nested, b.detail, b.title, b.error].find(
      (v) => typeof v === 'string' && v.trim() !== '',
    );
  }
  if (typeof found !== 'string') return undefined;
  const oneLine = found.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return undefined;
  return oneLine.length > MAX_PROVIDER_MESSAGE ? `${oneLine.slice(0, MAX_PROVIDER_MESSAGE - 1)}…` : oneLine;
}
