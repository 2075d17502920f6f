import assert from 'node:assert/strict';
import { testConnectionResult } from '@accounting-hub/core';
import { expectConnectorError } from '../assertions.js';
import type { ConformanceCheck } from '../check.js';
import type { ConformanceSession } from '../session.js';

export function connectionChecks<C, O>(s: ConformanceSession<C, O>): ConformanceCheck[] {
  const group = 'testConnection';
  return [
    {
      group,
      name: 'succeeds with good credentials and asks the tool',
      run: async () => {
        testConnectionResult.parse(await s.connector.testConnection(s.freshCtx()));
        assert.ok(s.records.length > 0, 'testConnection made no call through ctx.http: it must verify the credentials with the tool');
      },
    },
    {
      group,
      name: 'throws ConnectorError auth with bad credentials',
      run: async () => {
        await expectConnectorError(s.connector.testConnection(s.badCtx()), 'auth', 'testConnection with bad credentials');
      },
    },
    {
      group,
      name: 'a burst of calls stays within the tool rate limit (the client holds back, the tool never says 429)',
      run: async () => {
        const ctx = await s.ctx();
        const n = s.connector.manifest.rateLimit.burst + 5;
        const results = await Promise.all(Array.from({ length: n }, () => s.connector.testConnection(ctx)));
        for (const r of results) testConnectionResult.parse(r);
        const stats = await s.control.stats();
        assert.ok(stats.requests >= n, `the sandbox counted ${stats.requests} requests for ${n} testConnection calls`);
        assert.equal(stats.rateLimited, 0, `the tool refused ${stats.rateLimited} requests with 429: the manifest's rateLimit is above the tool's`);
      },
    },
  ];
}
