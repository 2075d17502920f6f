/**
 * Parses a Retry-After header into milliseconds from `now`. Accepts delta-seconds and HTTP-dates (RFC 9110 10.2.3);
 * returns undefined for a missing or unreadable value so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  // Some APIs send fractional seconds although the RFC says integer; honouring them costs nothing.
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  // Every HTTP-date form names a month; without this, Date.parse reads "-5" as a year and invents a wait.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  // A date in the past (clock skew) means "now", never a negative wait.
  return Math.max(0, at - now);
}

/**
 * Exponential backoff with full jitter: a random wait in [0, min(maxMs, baseMs * 2^(attempt-1))).
 * Full jitter spreads the retries of many workers that failed together, instead of making them collide again.
 * `attempt` is the 1-based number of the attempt that just failed.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  // Capping the exponent keeps 2 ** n finite for absurd attempt numbers.
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 52));
  return Math.floor(random() * ceiling);
}
