import type { TemplateContext } from '../spec.js';

/**
 * `src/connector.ts`: `defineConnector` with all seven operations. Each throws `unsupported` "… is not written
 * yet" (so the kit fails for it) under a comment that says what it must do, which helpers to use, and which
 * checks of the kit prove it. `callTool` is the one way to the tool: ctx.http plus the generic error mapping.
 */
export function connectorTs(c: TemplateContext): string {
  const ctxType = `${c.pascal}Context`;
  return `import {
  type ConnectorContext,
  ConnectorError,
  type HttpBody,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  defaultErrorFor,
  defineConnector,
} from '@accounting-hub/core';
import { type ${c.pascal}Credentials, type ${c.pascal}Options, ${c.camel}Manifest } from './manifest.js';

/** The tool's name in the messages a tenant reads ("${c.nameComment} refused the credentials (401)"). */
export const TOOL = ${c.nameLiteral};

export type ${ctxType} = ConnectorContext<${c.pascal}Credentials, ${c.pascal}Options>;

export interface ToolCall {
  /** The contract operation the call serves (\`bookVoucher\`, ...): the call log shows it. */
  operation: string;
  method: HttpMethod;
  /** The path below the connection's baseUrl, e.g. \`/v1/account\`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body, or any HttpBody (\`{ kind: 'form', value: formData }\` for a file upload). */
  body?: HttpBody;
  /**
   * Whether repeating the call is harmless. Default: only GET and HEAD are. Never mark a create idempotent: a
   * POST that timed out may have landed, and the hub settles that with findBooked instead of booking twice.
   */
  idempotent?: boolean;
  /**
   * The tool's own reading of a failed answer, tried before the generic one: its error code and field turned into
   * \`validationError(message, { field: 'customer.vatId', providerField, providerKey: code, httpStatus })\`, which
   * names the field of the neutral model the tenant must fix and the code support looks up. Answer undefined to
   * keep the generic reading.
   */
  mapError?: (res: HttpResponse, req: HttpRequest) => ConnectorError | undefined;
}

/**
 * One call to the tool through ctx.http, the only way to the network: rate-limited to the manifest's rateLimit,
 * retried only where safe (429 always, 5xx and timeouts for idempotent calls), recorded in the hub's call log with
 * the credentials redacted. A timeout or lost connection rejects with ConnectorError \`transient\` (idempotent)
 * or \`uncertain\` (a write that may have landed).
 *
 * Answers 2xx responses; any other status becomes a ConnectorError through defaultErrorFor: 401/403 auth,
 * 429 rate_limited (with retryAfterMs), 409 conflict, 5xx transient (or uncertain after a write), other 4xx
 * validation. Where the tool's error body says more (its error code, the offending field), pass \`mapError\`.
 */
export async function callTool(ctx: ${ctxType}, call: ToolCall): Promise<HttpResponse> {
  const req: HttpRequest = {
    method: call.method,
    url: \`\${ctx.connection.options.baseUrl.replace(/\\/+$/, '')}\${call.path}\`,
    headers: { authorization: \`Bearer \${accessToken(ctx)}\` },
    operation: call.operation,
    ...(call.query ? { query: call.query } : {}),
    ...(call.body ? { body: call.body } : {}),
    ...(call.idempotent === undefined ? {} : { idempotent: call.idempotent }),
  };
  const res = await ctx.http.request(req);
  const error = defaultErrorFor(res, req, TOOL);
  if (!error) return res;
  throw call.mapError?.(res, req) ?? error;
}

/** TODO: how the tool takes credentials: a Bearer header here; some tools want \`Authorization: <token>\` or a key header. */
function accessToken(ctx: ${ctxType}): string {
  const auth = ctx.connection.auth;
${
  c.auth === 'oauth2'
    ? `  if (auth.kind !== 'oauth2') {
    throw new ConnectorError({ kind: 'auth', message: \`\${TOOL} connections use OAuth2; reconnect the account\` });
  }
  return auth.accessToken;`
    : `  return auth.kind === 'oauth2' ? auth.accessToken : auth.credentials.apiToken;`
}
}

/**
 * The ${c.nameComment} connector. Every operation of the contract is here; each throws "not written yet" until
 * it is written, and the conformance kit (src/connector.test.ts, \`pnpm test\`) fails for it until it does what
 * its comment says against the sandbox (src/sandbox/server.ts). Rules for all of them:
 * - every call goes through \`callTool\` (ctx.http): never fetch, never a client library of the tool;
 * - every expected failure is a ConnectorError of the kind that tells the hub what to do (auth, validation,
 *   conflict, rate_limited, transient, uncertain, unsupported), with one short sentence a tenant understands;
 * - amounts are decimal strings: compute nothing with JavaScript numbers (use Dec from the core if you must).
 * As operations grow, move them to src/operations/*.ts as plugins/reference, lexoffice and sevdesk do.
 */
export const connector = defineConnector<${c.pascal}Credentials, ${c.pascal}Options>({
  manifest: ${c.camel}Manifest,

  /**
   * Checks the credentials with the tool: one cheap authenticated read (the account, company or user profile)
   * through callTool, answering \`{ account: { id, name } }\`. Bad credentials must end as ConnectorError \`auth\`
   * (defaultErrorFor maps 401/403). Optionally also:
   * - \`expiresAt\`: when the credentials stop working, if the tool says (the hub warns the tenant);
   * - \`state\`: facts later operations need (account id, ids of tax rules or revenue accounts): the hub persists
   *   them and hands them back in ctx.connection.state;
   * - \`unavailable\`: capabilities this account lacks (plan, settings), e.g. \`{ invoiceEmail: 'needs plan X' }\`.
   * Kit: "testConnection" (good and bad credentials, a burst within the rate limit).
   */
  async testConnection(_ctx) {
    throw new ConnectorError({ kind: 'unsupported', message: 'testConnection is not written yet' });
  },

  /**
   * Creates or updates the tenant's customer in the tool; answers \`{ customer: { id, customerNumber?, version? },
   * action }\`.
   * - \`input.remote\` null: create it (person or company with its contact person, address, e-mail, VAT id; the
   *   display name is customerDisplayName(customer)) and answer 'created'. Store \`customer.ref\` where the tool
   *   keeps a reference, so the customer can be found again. Return the number the tool assigns.
   * - \`input.remote\` set: update that customer in place ('updated', with its version for optimistic locking where
   *   the tool has one: a version clash is \`conflict\`) or leave it ('unchanged'); never create a second one. With
   *   capabilities.customerUpdate false, answer the link as it is. If the tool lost it (404), create it anew.
   * - A customer the tool refuses (an invalid VAT id, say) is \`validation\` with \`field\` (the neutral path, e.g.
   *   'customer.vatId') and \`providerKey\` (the tool's error code): read the tool's error body in callTool's \`mapError\`.
   * Kit: "customers", "error mapping" (429 and 401 in the middle of work).
   */
  async upsertCustomer(_ctx, _input) {
    throw new ConnectorError({ kind: 'unsupported', message: 'upsertCustomer is not written yet' });
  },

  /**
   * Invoice mode (capabilities.invoices): the tool creates the invoice for \`input.customer\` with the invoice's
   * lines, number, dates, service period and tax situation, and leaves it as \`input.status\` asks: draft,
   * finalized (the tool assigns the number) or finalized_and_sent (claim invoiceFinalize/invoiceEmail only when
   * written). The tool's totals must equal \`input.totals\` (computeTotals, the column method) to the cent: send
   * net or gross unit prices as \`invoice.taxMode\` says and let the tool sum per rate. Put \`input.reference\` into a
   * free-text field the tool can search, so that findBooked recognises the invoice whose number the tool chose.
   * Answer \`{ document: { kind: 'invoice', id, number, status }, fileAttached: false }\`.
   * The create is a POST: a timeout ends \`uncertain\` by itself (ctx.http); never repeat it here.
   * Kit: "invoice mode" (every seed scenario, every status claimed), "uncertain outcome".
   */
  async bookInvoice(_ctx, _input) {
    throw new ConnectorError({ kind: 'unsupported', message: 'bookInvoice is not written yet' });
  },

  /**
   * Voucher mode (capabilities.vouchers): books an income voucher (Einnahmebeleg) for \`input.customer\` under the
   * tenant's number (\`invoice.number\`) and date, with one voucher item per \`input.items\` entry: the lines already
   * grouped by tax rate and revenue category (groupBookkeepingItems), each with net, tax and gross split to the
   * cent. Send those amounts as they are; recomputing them would lose the cents the column method put right.
   * Map \`item.category\` to the tool's revenue account and the invoice's tax situation to its tax key (the ids
   * can come from testConnection's \`state\`). Keep \`input.reference\` where the tool keeps free text.
   * With capabilities.voucherFiles, attach \`input.file\` in the same call where the tool works that way and
   * answer \`fileAttached: true\`; otherwise the hub calls attachDocument afterwards.
   * Answer \`{ document: { kind: 'voucher', id, number: invoice.number }, fileAttached }\`.
   * Kit: "voucher mode" (every seed scenario to the cent, items per rate), "uncertain outcome".
   */
  async bookVoucher(_ctx, _input) {
    throw new ConnectorError({ kind: 'unsupported', message: 'bookVoucher is not written yet' });
  },

  /**
   * Attaches the tenant's file (\`input.file\`: filename, contentType, contentBase64; documentBytes(file) gives the
   * bytes) to the booked \`input.document\`: an upload through callTool with \`body: { kind: 'form', value: formData }\`.
   * Answer \`{ fileId }\`. Only called where voucherFiles is claimed and the booking did not attach the file itself.
   * Kit: "voucher mode" with voucherFiles, "cancellation" (the cancellation document).
   */
  async attachDocument(_ctx, _input) {
    throw new ConnectorError({ kind: 'unsupported', message: 'attachDocument is not written yet' });
  },

  /**
   * Cancels the whole original (\`input.original\`: its invoice, booked document, totals and items).
   * - mode 'invoice' (capabilities.creditNotes): a finalized credit note linked to \`original.document.id\`, with
   *   the original's lines, \`cancellation.number\`/\`date\`/\`reason\`; answer kind 'credit_note'.
   * - mode 'voucher' (capabilities.voucherCredits): an income-reduction voucher of its own, with the original's
   *   items (positive amounts: the voucher's type says "reduction"), number \`cancellation.number\`, and the
   *   cancellation's document attached; answer kind 'voucher'.
   * Keep \`input.reference\` so findBooked finds the cancellation again (purpose 'cancellation').
   * Kit: "cancellation".
   */
  async credit(_ctx, _input) {
    throw new ConnectorError({ kind: 'unsupported', message: 'credit is not written yet' });
  },

  /**
   * Looks up a document whose create may have landed (the call answered a timeout or 5xx): the hub asks this
   * before it retries, so it must find what is there and must never create anything. Search by \`input.number\`
   * (the tenant's number: voucher mode, cancellations) or by \`input.reference\` (invoice mode, where the tool
   * assigned the number), narrowed by \`kind\`, \`purpose\`, \`date\`, \`totalGross\` and \`customer\`.
   * Answer \`{ document: { kind, id, number } }\`, or \`{ document: null }\` when nothing matches. Reads are GETs,
   * so ctx.http retries them where safe.
   * Kit: "uncertain outcome" (finds the document behind a 504, answers null for an unknown number).
   */
  async findBooked(_ctx, _input) {
    throw new ConnectorError({ kind: 'unsupported', message: 'findBooked is not written yet' });
  },
});
`;
}
