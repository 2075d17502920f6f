import autocannon from 'autocannon';

export interface LoadResult {
  /** 2xx answers per second over the measured run. */
  perSecond: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  /** Requests that got an answer (any status). */
  answered: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

export interface LoadOptions {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** A fresh body per request (unique invoice numbers). */
  body: () => string;
  connections: number;
  seconds: number;
}

/**
 * A closed loop of `connections` keep-alive connections on loopback for `seconds` (autocannon, in this process),
 * each sending the next POST as soon as the previous one answered. Bounded by time; never more than one request
 * in flight per connection (no pipelining).
 */
export async function closedLoop(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { 'content-type': 'application/json', ...options.headers },
        setupRequest: (request) => ({ ...request, body: options.body() }),
      },
    ],
  });
  const codes = result.statusCodeStats as unknown as Record<string, { count: number }>;
  const ok = Object.entries(codes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((n, [, s]) => n + Number(s.count), 0);
  const answered = Object.values(codes).reduce((n, s) => n + Number(s.count), 0);
  return {
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    max: result.latency.max,
    answered,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.duration,
  };
}
