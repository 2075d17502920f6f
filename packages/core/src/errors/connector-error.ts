import { z } from 'zod';

/**
 * What went wrong, told by what the hub must do next:
 * - auth: the connection is dead or lacks rights: reconnect, never retry.
 * - validation: the data is wrong: the tenant fixes it, never retry. Carries the field and the provider's key.
 * - conflict: the remote state moved (version, duplicate): re-read, then maybe retry once.
 * - rate_limited: not performed: retry after `retryAfterMs`.
 * - transient: not performed or safe to repeat (tool down before it acted): retry with backoff.
 * - uncertain: the write may have landed: look it up (findBooked) before any retry.
 * - unsupported: the tool cannot do this (capability, plan, account setting): change the settings.
 */
export const errorKind = z.enum(['auth', 'validation', 'conflict', 'rate_limited', 'transient', 'uncertain', 'unsupported']);
export type ErrorKind = z.infer<typeof errorKind>;

export const RETRIABLE_KINDS: ReadonlySet<ErrorKind> = new Set(['rate_limited', 'transient', 'uncertain', 'conflict']);

export interface ConnectorErrorInit {
  kind: ErrorKind;
  /** One short sentence a tenant understands, e.g. "The VAT id of customer Börse GmbH is invalid (vatId)." */
  message: string;
  /** Path of the offending field in our neutral model (e.g. `customer.vatId`), when known. */
  field?: string | undefined;
  /** The provider's own field path (e.g. `company.vatRegistrationId`). */
  providerField?: string | undefined;
  /** The provider's machine-readable code (lexoffice i18nKey, sevdesk error code). */
  providerKey?: string | undefined;
  httpStatus?: number | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly providerField: string | undefined;
  readonly providerKey: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ConnectorErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ConnectorError';
    this.kind = init.kind;
    this.field = init.field;
    this.providerField = init.providerField;
    this.providerKey = init.providerKey;
    this.httpStatus = init.httpStatus;
    this.retryAfterMs = init.retryAfterMs;
  }

  get retriable(): boolean {
    return RETRIABLE_KINDS.has(this.kind);
  }

  toJSON(): ConnectorErrorJson {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.providerField ? { providerField: this.providerField } : {}),
      ...(this.providerKey ? { providerKey: this.providerKey } : {}),
      ...(this.httpStatus ? { httpStatus: this.httpStatus } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

export const connectorErrorJson = z.object({
  kind: errorKind,
  message: z.string(),
  field: z.string().optional(),
  providerField: z.string().optional(),
  providerKey: z.string().optional(),
  httpStatus: z.number().optional(),
  retryAfterMs: z.number().optional(),
});
export type ConnectorErrorJson = z.infer<typeof connectorErrorJson>;

/**
 * Recognises a ConnectorError by shape, not only by class: a plugin installed from npm may bring its own copy of
 * this package, and its errors must keep their kind (a validation error retried as "transient" would be wrong).
 */
export function isConnectorError(e: unknown): e is ConnectorError {
  if (e instanceof ConnectorError) return true;
  const c = e as { name?: unknown; kind?: unknown; message?: unknown } | null;
  return (
    typeof c === 'object' && c !== null && c.name === 'ConnectorError' && errorKind.safeParse(c.kind).success && typeof c.message === 'string'
  );
}

type Extra = Omit<ConnectorErrorInit, 'kind' | 'message'>;
export const authError = (message: string, extra: Extra = {}) => new ConnectorError({ kind: 'auth', message, ...extra });
export const validationError = (message: string, extra: Extra = {}) =>
  new ConnectorError({ kind: 'validation', message, ...extra });
export const conflictError = (message: string, extra: Extra = {}) => new ConnectorError({ kind: 'conflict', message, ...extra });
export const rateLimitedError = (message: string, retryAfterMs: number, extra: Extra = {}) =>
  new ConnectorError({ kind: 'rate_limited', message, retryAfterMs, ...extra });
export const transientError = (message: string, extra: Extra = {}) =>
  new ConnectorError({ kind: 'transient', message, ...extra });
export const uncertainError = (message: string, extra: Extra = {}) =>
  new ConnectorError({ kind: 'uncertain', message, ...extra });
export const unsupportedError = (message: string, extra: Extra = {}) =>
  new ConnectorError({ kind: 'unsupported', message, ...extra });

/** Any thrown value as a ConnectorError; unknown failures count as transient so they are retried, not lost. */
export function toConnectorError(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (isConnectorError(e)) {
    // Another copy's error: rebuilt as ours with the same facts.
    const o = e as ConnectorError;
    return new ConnectorError({
      kind: o.kind,
      message: o.message,
      field: o.field,
      providerField: o.providerField,
      providerKey: o.providerKey,
      httpStatus: o.httpStatus,
      retryAfterMs: o.retryAfterMs,
      cause: o,
    });
  }
  return transientError(`Unexpected failure: ${describeThrown(e)}`, { cause: e });
}

/** A message for anything thrown; never throws itself (String() does for null-prototype objects). */
function describeThrown(e: unknown): string {
  try {
    if (e instanceof Error) return e.message;
    if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
      return (e as { message: string }).message;
    }
    return String(e);
  } catch {
    return Object.prototype.toString.call(e);
  }
}
