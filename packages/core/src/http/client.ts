import { STATUS_CODES } from 'node:http';
import { type Logger, silentLogger } from '../connector/logger.js';
import {
  type ConnectorError,
  rateLimitedError,
  transientError,
  uncertainError,
  validationError,
} from '../errors/connector-error.js';
import { type FetchFailure, classifyFetchFailure } from './fetch-failure.js';
import { isIdempotent } from './idempotent.js';
import { sharedMemoryRateLimitStore } from './memory-rate-limit-store.js';
import { capBody, isSensitiveKey, redact, redactUrl, sensitiveValues } from './redact.js';
import { bodySecrets, describeBody, encodeBody } from './request-body.js';
import { readResponse } from './response-body.js';
import { backoffMs, parseRetryAfter } from './retry-after.js';
import { sleep as defaultSleep } from './sleep.js';
import type {
  CallRecord,
  CallSink,
  HttpClient,
  HttpRequest,
  HttpResponse,
  RateLimitStore,
  TokenBucketConfig,
} from './types.js';

export { defaultErrorFor } from './default-error.js';

export interface HttpClientOptions {
  /** One bucket per connection, e.g. `lexoffice:conn-123`. */
  rateLimitKey: string;
  rateLimit: { requestsPerSecond: number; burst: number };
  /** Default sharedMemoryRateLimitStore. */
  store?: RateLimitStore;
  /** Receives one CallRecord per attempt. */
  sink?: CallSink;
  /** Credential values to scrub from records. */
  secrets?: readonly string[];
  /** Default 30_000 per attempt. */
  timeoutMs?: number;
  /** Default 4. */
  maxAttempts?: number;
  /** Default 500. */
  backoffMs?: number;
  /** Default 30_000. */
  maxBackoffMs?: number;
  /** Default 16_384. */
  maxRecordedBodyBytes?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  logger?: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * The longest wait for a rate-limit token worth sitting out (default: no limit). Beyond it the request is not
   * sent and the client throws `rate_limited` with `retryAfterMs`, so that a job queue can defer the work instead
   * of parking a worker slot behind one busy connection.
   */
  maxRateLimitWaitMs?: number;
}

interface ClientConfig {
  key: string;
  bucket: TokenBucketConfig;
  store: RateLimitStore;
  sink: CallSink | undefined;
  secrets: readonly string[];
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  maxRecordedBodyBytes: number;
  fetch: typeof fetch;
  signal: AbortSignal | undefined;
  logger: Logger;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  maxRateLimitWaitMs: number;
}

/** Server errors worth another try on a request that is safe to repeat; others (501, 505) will not heal. */
const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const { requestsPerSecond, burst } = opts.rateLimit;
  if (!(requestsPerSecond > 0) || !(burst >= 1)) {
    throw new RangeError(`rateLimit needs requestsPerSecond > 0 and burst >= 1 (got ${requestsPerSecond}, ${burst})`);
  }
  const config: ClientConfig = {
    key: opts.rateLimitKey,
    bucket: { capacity: burst, refillPerSecond: requestsPerSecond },
    store: opts.store ?? sharedMemoryRateLimitStore,
    sink: opts.sink,
    secrets: opts.secrets ?? [],
    timeoutMs: opts.timeoutMs ?? 30_000,
    maxAttempts: Math.max(1, Math.floor(opts.maxAttempts ?? 4)),
    backoffMs: opts.backoffMs ?? 500,
    maxBackoffMs: opts.maxBackoffMs ?? 30_000,
    maxRecordedBodyBytes: opts.maxRecordedBodyBytes ?? 16_384,
    // Looked up per call rather than captured, so a test or polyfill that swaps globalThis.fetch later still applies.
    fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    signal: opts.signal,
    logger: opts.logger ?? silentLogger,
    sleep: opts.sleep ?? defaultSleep,
    maxRateLimitWaitMs: opts.maxRateLimitWaitMs ?? Number.POSITIVE_INFINITY,
  };
  return { request: (req) => send(config, req) };
}

/** What every attempt of one request shares, computed once. */
interface Prepared {
  req: HttpRequest;
  url: URL;
  init: RequestInit;
  idempotent: boolean;
  secrets: readonly string[];
  timeoutMs: number;
  /** `POST /v1/vouchers`, secrets removed, for messages. */
  label: string;
  recordedPath: string;
  recordedRequest: unknown;
}

type Outcome =
  | { kind: 'response'; response: HttpResponse; statusText: string }
  | { kind: 'failure'; failure: FetchFailure; durationMs: number; error: unknown };

async function send(c: ClientConfig, req: HttpRequest): Promise<HttpResponse> {
  const p = prepare(c, req);
  for (let attempt = 1; ; attempt++) {
    await takeToken(c, p);
    const at = new Date().toISOString();
    const outcome = await attemptOnce(c, p, attempt);
    await record(c, p, attempt, at, outcome);
    const last = attempt >= c.maxAttempts;

    if (outcome.kind === 'response') {
      const res = outcome.response;
      if (res.status === 429) {
        // The tools document 429 as "not performed", so any method may go again, but only after the whole
        // connection holds back: other workers drawing from the same bucket would hit the same wall.
        const retryAfter = parseRetryAfter(res.headers['retry-after']);
        const waitMs = retryAfter ?? backoffMs(attempt, c.backoffMs, c.maxBackoffMs);
        await pauseBucket(c, waitMs);
        // A wait longer than our own backoff ceiling is the hub's to schedule (rate_limited with retryAfterMs),
        // not something to sit out inside a worker.
        if (last || waitMs > c.maxBackoffMs) return res;
        await pauseBetweenAttempts(c, p, attempt, waitMs, '429');
        continue;
      }
      if (RETRIABLE_STATUSES.has(res.status) && p.idempotent && !last) {
        const retryAfter = parseRetryAfter(res.headers['retry-after']);
        const waitMs = retryAfter ?? backoffMs(attempt, c.backoffMs, c.maxBackoffMs);
        if (waitMs > c.maxBackoffMs) return res;
        await pauseBetweenAttempts(c, p, attempt, waitMs, String(res.status));
        continue;
      }
      return res;
    }

    const { failure, error } = outcome;
    const safeToRepeat = p.idempotent || failure.neverSent;
    if (failure.reason === 'aborted') {
      // Cancelled while the request was in flight: a write may already have landed.
      if (safeToRepeat) throw transientError(`Cancelled ${p.label} to ${p.url.host}`, { cause: error });
      throw uncertainError(`Cancelled ${p.label} to ${p.url.host} in flight; it may have been performed`, {
        cause: error,
      });
    }
    if (!safeToRepeat) throw uncertainFor(p, failure, error);
    if (last) {
      throw transientError(
        `No answer from ${p.url.host} to ${p.label} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${failure.message}`,
        { cause: error },
      );
    }
    await pauseBetweenAttempts(c, p, attempt, backoffMs(attempt, c.backoffMs, c.maxBackoffMs), failure.message);
  }
}

function prepare(c: ClientConfig, req: HttpRequest): Prepared {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch (cause) {
    // A malformed base URL is configuration, not an outage: retrying cannot help.
    throw validationError(`Invalid request URL: ${String(redact(req.url, c.secrets))}`, { cause });
  }
  for (const [name, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  const secrets = [
    ...c.secrets,
    ...headerSecrets(req.headers),
    ...sensitiveValues([...url.searchParams].map(([name, value]) => ({ [name]: value }))),
    ...bodySecrets(req.body),
  ];
  const encoded = encodeBody(req.body);
  const headers = new Headers(req.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (encoded.contentType !== undefined && !headers.has('content-type')) headers.set('content-type', encoded.contentType);
  return {
    req,
    url,
    init: { method: req.method, headers, body: encoded.body },
    idempotent: isIdempotent(req),
    secrets,
    timeoutMs: req.timeoutMs ?? c.timeoutMs,
    label: `${req.method} ${String(redact(url.pathname, secrets))}`,
    recordedPath: redactUrl(url, secrets),
    recordedRequest: capBody(describeBody(req.body, secrets), c.maxRecordedBodyBytes),
  };
}

/**
 * Credential header values are secrets even when the connector forgot to list them, and so is the token behind
 * the scheme (`Bearer abc` leaks as `abc` when a server echoes it).
 */
function headerSecrets(headers: Record<string, string> | undefined): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!isSensitiveKey(name) && name.toLowerCase() !== 'x-api-key') continue;
    out.push(value);
    const space = value.indexOf(' ');
    if (space > 0) out.push(value.slice(space + 1).trim());
  }
  return out;
}

async function takeToken(c: ClientConfig, p: Prepared): Promise<void> {
  const cost = p.req.cost ?? 1;
  for (;;) {
    throwIfCancelled(c, p);
    let result: Awaited<ReturnType<RateLimitStore['take']>>;
    try {
      result = await c.store.take(c.key, cost, c.bucket);
    } catch (cause) {
      throw transientError(`The rate limit store failed before ${p.label}`, { cause });
    }
    if (result.granted) return;
    if (result.waitMs > c.maxRateLimitWaitMs) {
      throw rateLimitedError(
        `The rate limit of ${p.url.host} allows ${p.label} only in ${Math.ceil(result.waitMs)} ms; not sent`,
        Math.ceil(result.waitMs),
      );
    }
    await cancellableSleep(c, p, result.waitMs);
  }
}

async function attemptOnce(c: ClientConfig, p: Prepared, attempt: number): Promise<Outcome> {
  const timeout = AbortSignal.timeout(p.timeoutMs);
  const signal = c.signal === undefined ? timeout : AbortSignal.any([c.signal, timeout]);
  const started = performance.now();
  try {
    const res = await c.fetch(p.url, { ...p.init, signal });
    // Reading the body stays under the same signal: a server that stalls mid-body is as silent as one that never answers.
    const read = await readResponse(res);
    const response: HttpResponse = { status: res.status, ...read, durationMs: elapsed(started), attempt };
    return { kind: 'response', response, statusText: res.statusText || STATUS_CODES[res.status] || '' };
  } catch (error) {
    const failure = classifyFetchFailure(error, {
      aborted: c.signal?.aborted === true,
      timedOut: timeout.aborted,
      timeoutMs: p.timeoutMs,
    });
    // Network error texts can quote the URL, and with it a key in the query string.
    failure.message = String(redact(failure.message, p.secrets));
    return { kind: 'failure', failure, durationMs: elapsed(started), error };
  }
}

async function record(c: ClientConfig, p: Prepared, attempt: number, at: string, outcome: Outcome): Promise<void> {
  if (c.sink === undefined) return;
  const response = outcome.kind === 'response' ? outcome.response : undefined;
  const status = response?.status ?? null;
  const row: CallRecord = {
    at,
    operation: p.req.operation,
    attempt,
    method: p.req.method,
    path: p.recordedPath,
    host: p.url.host,
    statusCode: status,
    durationMs: outcome.kind === 'response' ? outcome.response.durationMs : outcome.durationMs,
    error: status === null || status >= 400,
    message:
      outcome.kind === 'failure'
        ? outcome.failure.message
        : outcome.response.status >= 400
          ? `${outcome.response.status} ${outcome.statusText}`.trim()
          : undefined,
    request: p.recordedRequest,
    response: response === undefined ? null : capBody(redact(response.body, p.secrets), c.maxRecordedBodyBytes),
  };
  try {
    await c.sink(row);
  } catch (err) {
    // The call log is for humans; losing a row must never turn a booked invoice into a failed one.
    c.logger.warn({ err, operation: p.req.operation, attempt }, 'Could not record an HTTP call');
  }
}

async function pauseBucket(c: ClientConfig, ms: number): Promise<void> {
  try {
    await c.store.pause(c.key, ms, c.bucket);
  } catch (err) {
    // Holding back only this worker is still better than failing the request.
    c.logger.warn({ err, rateLimitKey: c.key }, 'Could not pause the rate limit bucket after a 429');
  }
}

async function pauseBetweenAttempts(c: ClientConfig, p: Prepared, attempt: number, ms: number, why: string) {
  c.logger.debug({ operation: p.req.operation, attempt, waitMs: ms, reason: why }, `Retrying ${p.label}`);
  await cancellableSleep(c, p, ms);
}

async function cancellableSleep(c: ClientConfig, p: Prepared, ms: number): Promise<void> {
  try {
    await c.sleep(ms, c.signal);
  } catch (err) {
    if (c.signal?.aborted) throw cancelledBeforeSending(p, err);
    throw err;
  }
  // An injected sleep may ignore the signal; nothing must be sent after cancellation either way.
  throwIfCancelled(c, p);
}

function throwIfCancelled(c: ClientConfig, p: Prepared): void {
  if (c.signal?.aborted) throw cancelledBeforeSending(p, c.signal.reason);
}

function cancelledBeforeSending(p: Prepared, cause: unknown): ConnectorError {
  return transientError(`Cancelled before sending ${p.label} to ${p.url.host}`, { cause });
}

function uncertainFor(p: Prepared, failure: FetchFailure, cause: unknown): ConnectorError {
  const host = p.url.host;
  const message =
    failure.reason === 'timeout'
      ? `No answer from ${host} within ${p.timeoutMs} ms to ${p.label}; it may have been performed`
      : `Lost the connection to ${host} during ${p.label} (${failure.message}); it may have been performed`;
  return uncertainError(message, { cause });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
