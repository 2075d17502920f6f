import {
  type HttpBody,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  isIdempotent,
  transientError,
  uncertainError,
} from '@accounting-hub/core';
import { z } from 'zod';
import type { SevdeskContext } from '../state.js';
import { type FieldMap, TOOL, errorFor, noFields, sevdeskError } from './errors.js';
import { envelope } from './responses.js';

/** sevdesk asks integrations for a meaningful User-Agent ("Integration-name by abc") to help support. */
export const USER_AGENT = 'accounting-hub sevdesk connector by accounting-hub';

export interface SevdeskCall {
  /** The contract operation, for the call log. */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body, or a multipart form (uploadTempFile). */
  json?: unknown;
  form?: FormData;
  /** What the call is about, for messages: "the customer Börse GmbH". */
  subject: string;
  /** How sevdesk's field paths read in the neutral model, for validation errors. */
  fields?: FieldMap;
}

function token(ctx: SevdeskContext): string {
  const auth = ctx.connection.auth;
  return auth.kind === 'api_token' ? auth.credentials.apiToken.trim() : auth.accessToken;
}

function requestFor(ctx: SevdeskContext, call: SevdeskCall): HttpRequest {
  const body: HttpBody | undefined =
    call.form !== undefined ? { kind: 'form', value: call.form } : call.json !== undefined ? { kind: 'json', value: call.json } : undefined;
  return {
    method: call.method,
    url: `${ctx.connection.options.baseUrl.replace(/\/+$/, '')}${call.path}`,
    ...(call.query ? { query: call.query } : {}),
    // The raw token, no "Bearer" (sevdesk's scheme). No X-Version: the default version is the one every
    // endpoint accepts (notes §1.1).
    headers: { authorization: token(ctx), 'user-agent': USER_AGENT },
    ...(body ? { body } : {}),
    operation: call.operation,
  };
}

function parseAnswer<S extends z.ZodType>(req: HttpRequest, res: HttpResponse, schema: S): z.output<S> {
  const parsed = envelope(schema).safeParse(res.body);
  if (parsed.success) return parsed.data.objects as z.output<S>;
  const message = `${TOOL} answered ${req.method} ${new URL(req.url).pathname} with an unexpected shape: ${z.prettifyError(parsed.error)}`;
  // A write sevdesk acknowledged has happened even if its answer cannot be read: look it up, do not repeat it.
  throw isIdempotent(req) ? transientError(message, { httpStatus: res.status }) : uncertainError(message, { httpStatus: res.status });
}

async function send(ctx: SevdeskContext, call: SevdeskCall): Promise<{ req: HttpRequest; res: HttpResponse }> {
  const req = requestFor(ctx, call);
  const res = await ctx.http.request(req);
  return { req, res };
}

function failed(res: HttpResponse): boolean {
  // An error hidden in a 2xx body is still an error (code 390 arrives with 200, notes §2.2).
  return res.status >= 300 || sevdeskError(res.body) !== undefined;
}

/** One call to sevdesk through ctx.http (rate-limited, recorded, redacted); every failure becomes a ConnectorError. */
export async function sevdesk<S extends z.ZodType>(ctx: SevdeskContext, call: SevdeskCall, schema: S): Promise<z.output<S>> {
  const { req, res } = await send(ctx, call);
  if (failed(res)) throw errorFor(res, req, { subject: call.subject, fields: call.fields ?? noFields });
  return parseAnswer(req, res, schema);
}

/** Like `sevdesk`, but "not found" (404, code 151) means "not there" (a contact deleted in sevdesk), not an error. */
export async function sevdeskOrNull<S extends z.ZodType>(ctx: SevdeskContext, call: SevdeskCall, schema: S): Promise<z.output<S> | null> {
  const { req, res } = await send(ctx, call);
  const err = sevdeskError(res.body);
  if (res.status === 404 || String(err?.code) === '151') return null;
  if (failed(res)) throw errorFor(res, req, { subject: call.subject, fields: call.fields ?? noFields });
  return parseAnswer(req, res, schema);
}

/**
 * Like `sevdesk`, but hands sevdesk's refusal to `onRefusal` first (status and error body), so that an operation
 * can react to a refusal it expects (cancelInvoice of a paid invoice) instead of failing.
 */
export async function sevdeskOrRefusal<S extends z.ZodType, R>(
  ctx: SevdeskContext,
  call: SevdeskCall,
  schema: S,
  onRefusal: (refusal: { status: number; code: string | undefined; message: string | undefined }) => R | undefined,
): Promise<{ ok: true; value: z.output<S> } | { ok: false; value: R }> {
  const { req, res } = await send(ctx, call);
  if (failed(res)) {
    const err = sevdeskError(res.body);
    if (res.status < 500 && res.status !== 401 && res.status !== 403 && res.status !== 429) {
      const handled = onRefusal({
        status: res.status,
        code: err?.code === null || err?.code === undefined ? undefined : String(err.code),
        message: err?.message ?? undefined,
      });
      if (handled !== undefined) return { ok: false, value: handled };
    }
    throw errorFor(res, req, { subject: call.subject, fields: call.fields ?? noFields });
  }
  return { ok: true, value: parseAnswer(req, res, schema) };
}

/** `?limit=` always: without it sevdesk silently caps lists at about 100 rows (notes §1.3). */
export const LIST_LIMIT = 1000;

/** A reference in sevdesk's request shape. */
export function refTo<N extends string>(objectName: N, id: string | number): { id: number; objectName: N } {
  return { id: Number(id), objectName };
}
