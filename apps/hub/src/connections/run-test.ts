import { type AnyConnector, type ConnectorContext, type ConnectorError, type TestConnectionResult, testConnectionResult, toConnectorError, transientError } from '@accounting-hub/core';
import { z } from 'zod';

export type TestOutcome = { ok: true; result: TestConnectionResult } | { ok: false; error: ConnectorError };

/**
 * Runs the connector's testConnection and checks its answer: plugins are third-party code, so a throw of anything
 * but a ConnectorError, or an answer of the wrong shape, becomes a ConnectorError instead of a 500.
 */
export async function runConnectionTest(connector: AnyConnector, ctx: ConnectorContext): Promise<TestOutcome> {
  let answer: unknown;
  try {
    answer = await connector.testConnection(ctx);
  } catch (err) {
    return { ok: false, error: toConnectorError(err) };
  }
  const parsed = testConnectionResult.safeParse(answer);
  if (!parsed.success) {
    const error = transientError(
      `${connector.manifest.displayName} ${connector.manifest.version} answered the connection test with an invalid result: ${z.prettifyError(parsed.error)}`,
    );
    return { ok: false, error };
  }
  return { ok: true, result: parsed.data };
}
