import { describe, expect, it } from 'vitest';
import { classifyFetchFailure } from './fetch-failure.js';

const plain = { aborted: false, timedOut: false, timeoutMs: 1000 };

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function sysError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyFetchFailure', () => {
  it('knows a refused connection never sent anything', () => {
    const failure = classifyFetchFailure(fetchFailed(sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')), plain);
    expect(failure).toEqual({ reason: 'network', neverSent: true, message: 'connect ECONNREFUSED 127.0.0.1:1' });
  });

  it('knows unresolvable names never sent anything', () => {
    expect(classifyFetchFailure(fetchFailed(sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND x')), plain).neverSent).toBe(true);
    expect(classifyFetchFailure(fetchFailed(sysError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x')), plain).neverSent).toBe(true);
  });

  it('reads every address of a happy-eyeballs AggregateError', () => {
    const all = new AggregateError([sysError('ECONNREFUSED', 'a'), sysError('ECONNREFUSED', 'b')], 'all failed');
    expect(classifyFetchFailure(fetchFailed(Object.assign(all, { code: 'ECONNREFUSED' })), plain).neverSent).toBe(true);
  });

  it('treats a reset as possibly sent', () => {
    const failure = classifyFetchFailure(fetchFailed(sysError('ECONNRESET', 'socket hang up')), plain);
    expect(failure).toEqual({ reason: 'network', neverSent: false, message: 'ECONNRESET: socket hang up' });
  });

  it('treats an unexplained failure as possibly sent', () => {
    expect(classifyFetchFailure(new Error('boom'), plain)).toEqual({ reason: 'network', neverSent: false, message: 'boom' });
  });

  it('names timeouts and cancellations before anything else', () => {
    const err = fetchFailed(sysError('ECONNREFUSED', 'x'));
    expect(classifyFetchFailure(err, { ...plain, timedOut: true }).message).toBe('timeout after 1000 ms');
    expect(classifyFetchFailure(err, { ...plain, timedOut: true, aborted: true }).reason).toBe('aborted');
  });
});
