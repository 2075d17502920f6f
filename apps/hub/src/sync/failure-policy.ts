import type { ConnectorError } from '@accounting-hub/core';

export type FailureDecision =
  /** Not performed because of the rate limit: run again after the wait, without counting an attempt. */
  | { action: 'defer'; delayMs: number }
  /** Worth another attempt later (for `uncertain`, only after findBooked settled what happened). */
  | { action: 'retry'; delayMs: number }
  /** Needs a person: the tenant corrects data, reconnects or changes settings. Opens a notification. */
  | { action: 'fail' };

export interface RetryPolicy {
  maxAttempts: number;
  /** First retry delay; doubles with each attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What the engine does after a failed attempt, by the error's kind (see core's error taxonomy). */
export function decide(error: ConnectorError, attempts: number, policy: RetryPolicy): FailureDecision {
  switch (error.kind) {
    case 'rate_limited':
      return { action: 'defer', delayMs: Math.max(error.retryAfterMs ?? 1000, 250) };
    case 'auth':
    case 'validation':
    case 'unsupported':
      return { action: 'fail' };
    case 'transient':
    case 'uncertain':
    case 'conflict':
      if (attempts >= policy.maxAttempts) return { action: 'fail' };
      return { action: 'retry', delayMs: retryDelay(attempts, policy) };
  }
}

/** Exponential backoff with ±20 % jitter, so that a tool coming back is not hit by every tenant at once. */
export function retryDelay(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}
