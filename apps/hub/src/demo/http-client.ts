/** The hub's REST API as the demo calls it: real HTTP against the listening hub, JSON in and out. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class DemoError extends Error {
  override name = 'DemoError';
}

export interface CallOptions {
  /** Bearer token (a tenant's API key or the admin token). */
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

export class HubClient {
  constructor(
    readonly baseUrl: string,
    private readonly signal?: AbortSignal,
  ) {}

  async call<T = unknown>(method: string, path: string, opts: CallOptions = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...((opts.signal ?? this.signal) ? { signal: opts.signal ?? this.signal } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text !== '') body = JSON.parse(text);
    return { status: res.status, body: body as T, headers: res.headers };
  }

  /** call() that insists on one of `statuses`, else a DemoError naming the route and the hub's answer. */
  async expect<T = unknown>(statuses: number[], method: string, path: string, opts: CallOptions = {}): Promise<ApiAnswer<T>> {
    const answer = await this.call<T>(method, path, opts);
    if (!statuses.includes(answer.status)) {
      throw new DemoError(`${method} ${path} answered ${answer.status}: ${describeBody(answer.body)}`);
    }
    return answer;
  }
}

/** The hub's error message, or the body cut short. */
export function describeBody(body: unknown): string {
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  if (error?.message) return `${error.code ?? 'error'}: ${error.message}`;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
