import {
  type ConnectorContext,
  type HttpBody,
  type HttpMethod,
  type HttpRequest,
  isIdempotent,
  transientError,
  uncertainError,
} from '@accounting-hub/core';
import { z } from 'zod';
import type { ReferenceCredentials, ReferenceOptions } from '../manifest.js';
import { type FieldMap, TOOL, errorFor } from './errors.js';

export type ReferenceContext = ConnectorContext<ReferenceCredentials, ReferenceOptions>;

export interface ApiCall {
  /** The contract operation, for the call log. */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | undefined>;
  body?: HttpBody;
  /** How the tool's field paths read in the neutral model, for validation errors. */
  fields: FieldMap;
  /** What the call is about, for messages: "the customer Börse GmbH". */
  subject: string;
}

function bearer(ctx: ReferenceContext): string {
  const auth = ctx.connection.auth;
  return auth.kind === 'api_token' ? auth.credentials.apiKey : auth.accessToken;
}

function requestFor(ctx: ReferenceContext, call: ApiCall): HttpRequest {
  return {
    method: call.method,
    url: `${ctx.connection.options.baseUrl.replace(/\/+$/, '')}${call.path}`,
    ...(call.query ? { query: call.query } : {}),
    headers: { authorization: `Bearer ${bearer(ctx)}` },
    ...(call.body ? { body: call.body } : {}),
    operation: call.operation,
  };
}

function parseAnswer<S extends z.ZodType>(req: HttpRequest, body: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const message = `${TOOL} answered ${req.method} ${new URL(req.url).pathname} with an unexpected shape: ${z.prettifyError(parsed.error)}`;
  // A write the tool acknowledged has happened even if its answer cannot be read: look it up, do not repeat it.
  throw isIdempotent(req) ? transientError(message) : uncertainError(message);
}

/** One call to the tool through ctx.http (rate-limited, recorded, redacted); any non-success becomes a ConnectorError. */
export async function api<S extends z.ZodType>(ctx: ReferenceContext, call: ApiCall, schema: S): Promise<z.output<S>> {
  const req = requestFor(ctx, call);
  const res = await ctx.http.request(req);
  if (res.status >= 300) throw errorFor(res, req, call.fields, call.subject);
  return parseAnswer(req, res.body, schema);
}

/** Like `api`, but a 404 means "not there" (a customer deleted in the tool) rather than an error. */
export async function apiOrNull<S extends z.ZodType>(ctx: ReferenceContext, call: ApiCall, schema: S): Promise<z.output<S> | null> {
  const req = requestFor(ctx, call);
  const res = await ctx.http.request(req);
  if (res.status === 404) return null;
  if (res.status >= 300) throw errorFor(res, req, call.fields, call.subject);
  return parseAnswer(req, res.body, schema);
}
