/** Everything a connector may ask of the HTTP layer. Connectors never call fetch themselves. */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type HttpBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; value: FormData }
  | { kind: 'urlencoded'; value: Record<string, string> }
  | { kind: 'raw'; value: string | Uint8Array; contentType: string };

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL (the connector joins its configured base URL and the path). */
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: HttpBody;
  /** The contract operation this call serves (`bookVoucher`, ...), for the call log. */
  operation?: string;
  /** Overrides the client's default timeout for this call. */
  timeoutMs?: number;
  /**
   * Whether repeating the request is harmless. Defaults to true for GET/HEAD and false otherwise: a POST that
   * timed out may have been performed and must be looked up, not repeated (429 is always repeated: the tools
   * document it as "not performed").
   */
  idempotent?: boolean;
  /** Overrides the cost in rate-limit tokens (default 1). */
  cost?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, otherwise the text (empty string when there is no body). */
  body: unknown;
  text: string;
  durationMs: number;
  /** 1-based number of the attempt that produced this response. */
  attempt: number;
}

/** One row of the call log: every attempt, successful or not, with redacted and size-capped bodies. */
export interface CallRecord {
  at: string;
  operation: string | undefined;
  attempt: number;
  method: HttpMethod;
  /** Path and query of the URL, secrets removed (no host: the connection says which host). */
  path: string;
  host: string;
  statusCode: number | null;
  durationMs: number;
  error: boolean;
  /** Short reason for an error: the HTTP status text, "timeout after 30000 ms", the network error. */
  message: string | undefined;
  request: unknown;
  response: unknown;
}

export type CallSink = (record: CallRecord) => void | Promise<void>;

export interface HttpClient {
  /**
   * Sends the request through the connection's rate limit, retries where safe, records every attempt.
   * Resolves with the final response whatever its status (the connector maps statuses to errors).
   * Rejects with a ConnectorError only when no response came: `transient` for a request that is safe to repeat,
   * `uncertain` for one that may have been performed (a POST that timed out or lost its connection).
   */
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** A token bucket's shape: `capacity` tokens at most, refilled at `refillPerSecond`. */
export interface TokenBucketConfig {
  capacity: number;
  refillPerSecond: number;
}

export type TakeResult = { granted: true } | { granted: false; waitMs: number };

/**
 * Where token buckets live. The in-memory store serves one process; the hub supplies one on PostgreSQL so
 * that every worker process draws from the same bucket per connection.
 */
export interface RateLimitStore {
  /** Atomically takes `cost` tokens from the bucket `key`, or tells how long until they will be there. */
  take(key: string, cost: number, bucket: TokenBucketConfig): Promise<TakeResult>;
  /** Empties the bucket for `ms` (after a 429), so that every worker of the connection holds back. */
  pause(key: string, ms: number, bucket: TokenBucketConfig): Promise<void>;
}
