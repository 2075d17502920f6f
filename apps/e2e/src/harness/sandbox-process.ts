import { httpSandboxControl, type SandboxControl } from '@accounting-hub/connector-testkit/sandbox';
import { z } from 'zod';
import { baseEnvironment, type ManagedProcess, type ProcessExit, spawnManaged } from './managed-process.js';
import { nodeBinary, workspacePath } from './workspace.js';

export type SandboxKind = 'reference' | 'lexoffice' | 'sevdesk';

/** The one JSON line each sandbox's main prints when it listens (plugins/<kind>/src/sandbox/main.ts). */
const readyLines = {
  reference: z.object({ ready: z.literal(true), sandbox: z.literal('reference'), url: z.url(), apiKey: z.string() }),
  lexoffice: z.object({
    ready: z.literal(true),
    sandbox: z.literal('lexoffice'),
    url: z.url(),
    apiKey: z.string(),
    oauthClient: z.object({ clientId: z.string(), clientSecret: z.string(), redirectUris: z.array(z.string()) }),
  }),
  sevdesk: z.object({ ready: z.literal(true), sandbox: z.literal('sevdesk'), url: z.url(), apiToken: z.string(), bookkeepingSystemVersion: z.string() }),
} as const;

/** The credentials the hub's `PUT /v1/connections/{connector}` takes for each tool (its connector's credentialsSchema). */
export interface SandboxCredentials {
  reference: { apiKey: string };
  lexoffice: { apiKey: string };
  sevdesk: { apiToken: string };
}

export type SandboxReadyLine<K extends SandboxKind> = z.infer<(typeof readyLines)[K]>;

export interface StartSandboxOptions {
  /** 0 or absent: a free port chosen by the OS. A fixed port lets a killed sandbox come back at the same URL. */
  port?: number;
  /** The sandbox's own rate limit (its REQUESTS_PER_SECOND); absent: the tool's default (lexoffice 2/s). */
  requestsPerSecond?: number;
  /** More environment for the sandbox's main (API_KEY, API_TOKEN, BOOKKEEPING_SYSTEM_VERSION, AUTO_CONSENT, ...). */
  env?: Record<string, string>;
  /** How long to wait for the ready line (default 60 s: a cold start on a busy machine). */
  readyTimeoutMs?: number;
}

export interface ConnectionBody {
  credentials: Record<string, string>;
  options: Record<string, unknown>;
}

export interface SandboxProcess<K extends SandboxKind = SandboxKind> {
  kind: K;
  /** Base URL of the tool's API (and of its admin protocol under /__sandbox). */
  url: string;
  /** Its port: start a killed sandbox again with `{ port, env: { API_KEY / API_TOKEN } }` to bring it back at the same URL. */
  port: number;
  credentials: SandboxCredentials[K];
  /** Everything the ready line said (lexoffice: the OAuth client too). */
  ready: SandboxReadyLine<K>;
  /** The testkit's admin protocol over HTTP: reset, faults, documents, customers, stats. */
  control: SandboxControl;
  pid: number;
  process: ManagedProcess;
  logs(): string;
  /** Sends a signal (default SIGKILL) and returns; await `process.exited` for the end. */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after a timeout. */
  stop(): Promise<ProcessExit>;
  /** The body of `PUT /v1/connections/{kind}` pointing a tenant at this sandbox. */
  connection(options?: { requestsPerSecond?: number }): ConnectionBody;
}

/**
 * Starts a tool sandbox as its own process (the built `plugins/<kind>/dist/sandbox/main.js` on the workspace's Node)
 * and waits for its ready line.
 */
export async function startSandboxProcess<K extends SandboxKind>(kind: K, options: StartSandboxOptions = {}): Promise<SandboxProcess<K>> {
  const cwd = workspacePath('plugins', kind);
  const env: Record<string, string> = {
    ...baseEnvironment((name) => ['PORT', 'HOST', 'API_KEY', 'API_TOKEN', 'REQUESTS_PER_SECOND'].includes(name)),
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    ...(options.requestsPerSecond === undefined ? {} : { REQUESTS_PER_SECOND: String(options.requestsPerSecond) }),
    ...options.env,
  };
  const proc = await spawnManaged({
    name: `sandbox-${kind}`,
    command: nodeBinary(),
    args: ['dist/sandbox/main.js'],
    cwd,
    env,
  });
  const schema = readyLines[kind] as unknown as z.ZodType<SandboxReadyLine<K>>;
  let ready: SandboxReadyLine<K>;
  try {
    ready = await proc.waitForLine(
      (line) => {
        if (!line.startsWith('{') || !line.includes('"ready"')) return undefined;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          return undefined;
        }
        const parsed = schema.safeParse(json);
        return parsed.success ? parsed.data : undefined;
      },
      { timeoutMs: options.readyTimeoutMs ?? 60_000, what: `the ${kind} sandbox's ready line` },
    );
  } catch (error) {
    await proc.stop({ timeoutMs: 2000 });
    throw error;
  }

  const credentials = ('apiToken' in ready ? { apiToken: ready.apiToken } : { apiKey: ready.apiKey }) as SandboxCredentials[K];
  const url = ready.url.replace(/\/+$/, '');
  return {
    kind,
    url,
    port: Number(new URL(url).port),
    credentials,
    ready,
    control: httpSandboxControl(url),
    pid: proc.pid,
    process: proc,
    logs: () => proc.logs(),
    kill: (signal) => proc.kill(signal),
    stop: () => proc.stop(),
    connection: ({ requestsPerSecond } = {}) => ({
      credentials: { ...credentials },
      options: {
        baseUrl: url,
        // lexoffice's OAuth endpoints live on the same sandbox host.
        ...(kind === 'lexoffice' ? { authBaseUrl: url } : {}),
        ...(requestsPerSecond === undefined ? {} : { requestsPerSecond }),
      },
    }),
  };
}
