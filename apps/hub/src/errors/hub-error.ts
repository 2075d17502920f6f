/** One problem with a request, at the path of the offending field (e.g. `lines.0.taxRate`). */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * A failure the API answers with a 4xx (or 503) and the contract's error body
 * `{ "error": { "code", "message", "details" } }`. Services throw it; the HTTP layer renders it.
 */
export class HubError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra fields for the error body, e.g. the provider's reason on a failed connection test. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) => new HubError(400, 'invalid_request', message, details);
export const notFound = (what: string) => new HubError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string) => new HubError(409, code, message);
export const unprocessable = (code: string, message: string, details: ErrorDetail[] = [], extra: Record<string, unknown> = {}) =>
  new HubError(422, code, message, details, extra);
