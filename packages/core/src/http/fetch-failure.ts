/**
 * Connection errors that prove the request never reached the server: the name did not resolve or nobody accepted
 * the connection. Such a request is safe to repeat whatever its method. A reset or a timeout proves nothing.
 */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface FetchFailure {
  reason: 'aborted' | 'timeout' | 'network';
  /** True only when the request provably did not leave this machine. */
  neverSent: boolean;
  /** Short text for the call log, e.g. "timeout after 30000 ms" or "ECONNRESET: socket hang up". */
  message: string;
}

export interface FailureContext {
  /** The caller's signal aborted (shutdown, job cancelled). */
  aborted: boolean;
  /** The per-attempt timeout fired. */
  timedOut: boolean;
  timeoutMs: number;
}

/** Explains why fetch (or reading its body) threw. */
export function classifyFetchFailure(err: unknown, ctx: FailureContext): FetchFailure {
  if (ctx.aborted) return { reason: 'aborted', neverSent: false, message: 'aborted' };
  if (ctx.timedOut) return { reason: 'timeout', neverSent: false, message: `timeout after ${ctx.timeoutMs} ms` };
  const codes = errorCodes(err);
  return {
    reason: 'network',
    neverSent: codes.length > 0 && codes.every((code) => NEVER_SENT_CODES.has(code)),
    message: describeNetworkError(err, codes),
  };
}

/**
 * undici wraps the socket error as `cause` of a TypeError("fetch failed"); with several addresses (happy eyeballs)
 * the cause is an AggregateError whose `errors` hold one failure per address.
 */
function errorCodes(err: unknown): string[] {
  const cause = causeOf(err);
  const nested = cause instanceof AggregateError ? cause.errors : [];
  const codes = [cause, ...nested].map(codeOf).filter((code): code is string => code !== undefined);
  return [...new Set(codes)];
}

function describeNetworkError(err: unknown, codes: readonly string[]): string {
  const cause = causeOf(err);
  const text = cause instanceof Error && cause.message !== '' ? cause.message : err instanceof Error ? err.message : String(err);
  const code = codes[0];
  return code !== undefined && !text.includes(code) ? `${code}: ${text}` : text;
}

function causeOf(err: unknown): unknown {
  return err instanceof Error && err.cause !== undefined ? err.cause : err;
}

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('code' in value)) return undefined;
  return typeof value.code === 'string' ? value.code : undefined;
}
