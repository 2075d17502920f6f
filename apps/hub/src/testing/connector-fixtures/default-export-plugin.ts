import { connector as reference } from '@accounting-hub/connector-reference';
import type { AnyConnector } from '@accounting-hub/core';

/** A plugin that default-exports its connector and offers a per-connection rate limit, for the loader's tests. */
const connector: AnyConnector = { ...reference, manifest: { ...reference.manifest, id: 'default-books', displayName: 'Default Books' } };
export default connector;

export function rateLimitFor(options: { requestsPerSecond?: number }) {
  const rps = options.requestsPerSecond ?? 3;
  return { requestsPerSecond: rps, burst: Math.ceil(rps) };
}
