import assert from 'node:assert/strict';
import { upsertCustomerResult } from '@accounting-hub/core';
import { seedCustomers } from '@accounting-hub/core/seeds';
import { expectConnectorError } from '../assertions.js';
import type { ConformanceCheck } from '../check.js';
import type { ConformanceSession } from '../session.js';

export function errorChecks<C, O>(s: ConformanceSession<C, O>): ConformanceCheck[] {
  const group = 'error mapping';
  const customer = seedCustomers.bettinaWolf;
  return [
    {
      group,
      name: 'a tool that keeps answering 429 gives rate_limited with a retry delay',
      run: async () => {
        const ctx = await s.ctx();
        // More 429s than the client's attempts: the connector sees the last one.
        await s.control.injectFault({ kind: 'status', status: 429, times: 5, match: {} });
        const error = await expectConnectorError(
          s.connector.upsertCustomer(ctx, { customer, remote: null }),
          'rate_limited',
          'upsertCustomer answered 429',
        );
        assert.ok(
          typeof error.retryAfterMs === 'number' && Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0,
          'rate_limited needs retryAfterMs, the hub schedules the retry by it',
        );
      },
    },
    {
      group,
      name: 'a 401 in the middle of work gives auth',
      run: async () => {
        const ctx = await s.ctx();
        await s.control.injectFault({ kind: 'status', status: 401, times: 5, match: {} });
        await expectConnectorError(s.connector.upsertCustomer(ctx, { customer, remote: null }), 'auth', 'upsertCustomer answered 401');
      },
    },
    {
      group,
      name: 'every operation goes through ctx.http and each record is complete and free of credentials',
      run: async () => {
        const ctx = await s.ctx();
        const counted = async (label: string, op: () => Promise<unknown>) => {
          const mark = s.records.length;
          await op().catch(() => undefined);
          assert.ok(s.records.length > mark, `${label} made no call through ctx.http`);
        };
        await counted('testConnection', () => s.connector.testConnection(s.freshCtx()));
        await counted('testConnection (bad credentials)', () => s.connector.testConnection(s.badCtx()));
        await counted('upsertCustomer', async () =>
          upsertCustomerResult.parse(await s.connector.upsertCustomer(ctx, { customer, remote: null })),
        );
        // The records themselves are checked after every check (see conformanceChecks).
      },
    },
  ];
}
