import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('hub logger', () => {
  it('redacts authorization headers, API keys, credentials, tokens and passwords', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer hub_abc', 'x-api-key': 'k1', accept: 'application/json' } },
        apiKey: 'hub_secret_key',
        connection: { credentials: { apiKey: 'lx-123' }, accessToken: 'at-1', refreshToken: 'rt-1' },
        tenant: { login: { password: 'pw' } },
        invoiceId: 'inv-1',
      },
      'request',
    );
    const text = JSON.stringify(out.lines());
    for (const secret of ['hub_abc', 'k1', 'hub_secret_key', 'lx-123', 'at-1', 'rt-1', '"pw"']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('inv-1');
    expect(text).toContain('application/json');
    expect(text).toContain('[REDACTED]');
  });

  it('redacts in child loggers too', () => {
    const out = capture();
    createLogger('info', out.stream).child({ component: 'sync' }).warn({ token: 't-9' }, 'refresh');
    expect(out.lines()[0]).toMatchObject({ component: 'sync', token: '[REDACTED]', msg: 'refresh' });
  });

  it('drops messages below its level', () => {
    const out = capture();
    const logger = createLogger('warn', out.stream);
    logger.info('quiet');
    logger.warn('loud');
    expect(out.lines().map((l) => l.msg)).toEqual(['loud']);
  });
});
