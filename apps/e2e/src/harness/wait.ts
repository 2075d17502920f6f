/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Names the awaited condition in the timeout error. */
  what?: string;
}

/**
 * Polls `read` until `done` holds for its value and answers that value (for effects of background workers the API
 * does not wait for). A `read` that throws is retried until the deadline, then its last error is reported.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, options: EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const detail =
        last === undefined ? '' : 'error' in last ? `; last error: ${String(last.error)}` : `; last value: ${JSON.stringify(last.value).slice(0, 2000)}`;
      throw new Error(`${what} not reached within ${timeoutMs} ms${detail}`);
    }
    await sleep(intervalMs);
  }
}
