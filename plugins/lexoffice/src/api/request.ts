import {
  type ConnectorContext,
  type HttpBody,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  isIdempotent,
  transientError,
  uncertainError,
  validationError,
} from '@accounting-hub/core';
import { z } from 'zod';
import { type LexofficeCredentials, type LexofficeOptions, resolveOptions } from '../manifest.js';
import { TOOL, lexofficeErrorFor } from './errors.js';

export type LexContext = ConnectorContext<LexofficeCredentials, LexofficeOptions>;

export interface ApiCall {
  /** The contract operation, for the call log. */
  operation: string;
  method: HttpMethod;
  /** Path under the API host, starting with /v1. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: HttpBody;
  /** What the call is about, for error sentences: "customer Börse GmbH". */
  subject: string;
  /** Repeating the call is harmless (a PUT guarded by its version). */
  idempotent?: boolean;
}

/** The bearer token: the private API key, or the OAuth access token the hub keeps fresh. */
function bearer(ctx: LexContext): string {
  const auth = ctx.connection.auth;
  return auth.kind === 'api_token' ? auth.credentials.apiKey : auth.accessToken;
}

export function authKindOf(ctx: LexContext): 'api_token' | 'oauth2' {
  return ctx.connection.auth.kind;
}

function requestFor(ctx: LexContext, call: ApiCall): HttpRequest {
  const { baseUrl } = resolveOptions(ctx.connection.options);
  return {
    method: call.method,
    url: `${baseUrl.replace(/\/+$/, '')}${call.path}`,
    ...(call.query ? { query: call.query } : {}),
    headers: { authorization: `Bearer ${bearer(ctx)}`, accept: 'application/json' },
    ...(call.body ? { body: call.body } : {}),
    operation: call.operation,
    ...(call.idempotent === undefined ? {} : { idempotent: call.idempotent }),
  };
}

function parseAnswer<S extends z.ZodType>(req: HttpRequest, body: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const message = `${TOOL} answered ${req.method} ${new URL(req.url).pathname} with an unexpected shape: ${z.prettifyError(parsed.error)}`;
  // A write lexoffice acknowledged has happened even if its answer cannot be read: look it up, do not repeat it.
  throw isIdempotent(req) ? transientError(message) : uncertainError(message);
}

/** Sends one call through ctx.http (rate limit, retries, call log) and answers the raw response. */
export async function send(ctx: LexContext, call: ApiCall): Promise<{ req: HttpRequest; res: HttpResponse }> {
  const req = requestFor(ctx, call);
  const res = await ctx.http.request(req);
  return { req, res };
}

/** One call; any non-success becomes a ConnectorError, a success is checked against `schema`. */
export async function api<S extends z.ZodType>(ctx: LexContext, call: ApiCall, schema: S): Promise<z.output<S>> {
  const { req, res } = await send(ctx, call);
  const error = lexofficeErrorFor(res, req, { subject: call.subject, authKind: authKindOf(ctx) });
  if (error) throw error;
  return parseAnswer(req, res.body, schema);
}

/** Like `api`, but a 404 means "not there any more" rather than an error. */
export async function apiOrNull<S extends z.ZodType>(ctx: LexContext, call: ApiCall, schema: S): Promise<z.output<S> | null> {
  const { req, res } = await send(ctx, call);
  if (res.status === 404) return null;
  const error = lexofficeErrorFor(res, req, { subject: call.subject, authKind: authKindOf(ctx) });
  if (error) throw error;
  return parseAnswer(req, res.body, schema);
}

/** A JSON body, validated against the payload schema first: what we send must be what lexoffice documents. */
export function jsonBody<S extends z.ZodType>(schema: S, value: z.input<S>, subject: string): HttpBody {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(`Cannot send ${subject} to lexoffice: ${z.prettifyError(parsed.error)}`);
  return { kind: 'json', value: parsed.data };
}

/**
 * Search strings for contacts, vouchers and the voucherlist: `&`, `<` and `>` are HTML-encoded first, and the
 * client then URL-encodes (notes §5.2).
 */
export function searchString(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
