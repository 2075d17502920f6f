import path from 'node:path';
import { httpSandboxControl, type SandboxControl } from '@accounting-hub/connector-testkit/sandbox';
import { BENCH_DIR, type ChildServer, startChild } from './processes.js';

export interface BenchSandbox {
  url: string;
  apiKey: string;
  control: SandboxControl;
  process: ChildServer;
  stop(): Promise<void>;
}

/** A reference or lexoffice sandbox as its own process, with its own rate limit (requests per second). */
export async function startSandbox(kind: 'reference' | 'lexoffice', requestsPerSecond: number): Promise<BenchSandbox> {
  const child = await startChild(
    `${kind} sandbox`,
    path.join(BENCH_DIR, 'src/servers/sandbox.ts'),
    { SANDBOX: kind, REQUESTS_PER_SECOND: String(requestsPerSecond) },
    /sandbox ready on (\S+) key (\S+)/,
  );
  const url = child.match[1]!;
  return { url, apiKey: child.match[2]!, control: httpSandboxControl(url), process: child, stop: () => child.stop() };
}

/** Delays every API request of the sandbox by `ms` (the testkit's latency fault, armed for many hits). */
export async function addLatency(control: SandboxControl, ms: number): Promise<void> {
  if (ms > 0) await control.injectFault({ kind: 'latency', ms, times: 1_000_000_000, match: { path: '^/v1/' } });
}
