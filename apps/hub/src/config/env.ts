import path from 'node:path';
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** OAuth client registered at a provider for one connector (HUB_OAUTH_<CONNECTOR>_CLIENT_ID / _CLIENT_SECRET). */
export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
}

/** The hub's configuration, read once from the environment at start. */
export interface Config {
  port: number;
  host: string;
  /** Where the hub is reached from outside, without a trailing slash; OAuth redirect URIs are built on it. */
  publicUrl: string;
  /** External PostgreSQL; when undefined the hub runs an embedded PostgreSQL in `<dataDir>/pg`. */
  databaseUrl: string | undefined;
  /** Absolute path of the data directory (embedded PostgreSQL, generated secret key and admin token). */
  dataDir: string;
  /** 32-byte key for encryption at rest; undefined only in the embedded default (then kept in the data directory). */
  secretKey: Buffer | undefined;
  /** Bearer token of the admin API; undefined means generated (embedded default) or disabled (external database). */
  adminToken: string | undefined;
  /**
   * The connectors to load, in order: the short names `lexoffice`, `sevdesk` and `reference` for the bundled ones,
   * any other entry an npm package that exports a connector (see connectors/load-connectors.ts).
   */
  connectors: string[];
  logLevel: LogLevel;
  /** node-cron expression of the sweep that re-queues what is due. */
  sweepCron: string;
  logRetentionDays: number;
  workerConcurrency: number;
  syncMaxAttempts: number;
  /** First retry delay after a transient failure; doubles with each attempt (capped at 15 minutes). */
  syncRetryBaseMs: number;
  /** Whether this process runs sync workers and the sweep (false: an API-only process). */
  runWorkers: boolean;
  /** OAuth clients by connector id (`HUB_OAUTH_MY_TOOL_...` is connector `my-tool`). */
  oauth: Record<string, OAuthClientConfig>;
}

export interface ConfigIssue {
  variable: string;
  message: string;
}

/** A configuration the hub cannot start with; the message names every wrong variable and why. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export type Env = Record<string, string | undefined>;

/** Blank values count as unset, as docker-compose and .env files produce them. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const textWithDefault = (def: string) => z.preprocess(blankToUndefined, z.string().trim().default(def));

function integer(def: number, min: number, max: number) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return def;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max} (got "${v}")` });
      return z.NEVER;
    }
    return Number(v);
  });
}

/** 32 bytes as 64 hex characters or as base64 / base64url. The value never appears in a message. */
export function parseSecretKey(value: string): Buffer | string {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
    return `expected 32 bytes as base64 or 64 hex characters (got ${bytes.length} bytes of base64); generate one with: openssl rand -base64 32`;
  }
  return 'expected 32 bytes as base64 or 64 hex characters; generate one with: openssl rand -base64 32';
}

/** The bundled connectors, loaded when HUB_CONNECTORS is unset. */
export const DEFAULT_CONNECTORS = 'lexoffice,sevdesk,reference';

const schema = z
  .object({
    PORT: integer(3000, 1, 65535),
    HOST: textWithDefault('127.0.0.1'),
    PUBLIC_URL: optionalText.refine(
      (v) => v === undefined || /^https?:\/\/[^/\s]+(\/\S*)?$/.test(v),
      'expected an http(s) URL like https://hub.example.com',
    ),
    DATABASE_URL: optionalText.refine(
      (v) => v === undefined || /^postgres(ql)?:\/\/\S+$/.test(v),
      'expected a PostgreSQL URL like postgres://user:password@host:5432/hub',
    ),
    HUB_DATA_DIR: textWithDefault('./.data'),
    HUB_SECRET_KEY: optionalText.transform((v, ctx) => {
      if (v === undefined) return undefined;
      const parsed = parseSecretKey(v);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
    HUB_ADMIN_TOKEN: optionalText.refine(
      (v) => v === undefined || (v.length >= 16 && !/\s/.test(v)),
      'expected at least 16 characters without spaces',
    ),
    // The full list, bundled short names included: leaving one out is how a deployment turns it off.
    HUB_CONNECTORS: textWithDefault(DEFAULT_CONNECTORS).transform((v, ctx) => {
      const names = v.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = names.filter((n) => !/^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(n));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `not npm package names: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return names;
    }),
    LOG_LEVEL: optionalText.transform((v, ctx) => {
      const level = (v ?? 'info').toLowerCase();
      if (!(logLevels as readonly string[]).includes(level)) {
        ctx.addIssue({ code: 'custom', message: `expected one of ${logLevels.join(', ')} (got "${v}")` });
        return z.NEVER;
      }
      return level as LogLevel;
    }),
    SWEEP_CRON: textWithDefault('*/5 * * * *').refine((v) => isValidCron(v), {
      message: 'not a valid cron expression (e.g. "*/5 * * * *")',
    }),
    LOG_RETENTION_DAYS: integer(90, 1, 3650),
    WORKER_CONCURRENCY: integer(8, 1, 256),
    SYNC_MAX_ATTEMPTS: integer(12, 1, 100),
    SYNC_RETRY_BASE_MS: integer(5000, 10, 3_600_000),
    HUB_WORKERS: optionalText.transform((v, ctx) => {
      if (v === undefined || v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      ctx.addIssue({ code: 'custom', message: `expected true or false (got "${v}")` });
      return z.NEVER;
    }),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL !== undefined && env.HUB_SECRET_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['HUB_SECRET_KEY'],
        message: 'required when DATABASE_URL is set (32 bytes as base64 or 64 hex characters; openssl rand -base64 32)',
      });
    }
  });

const OAUTH_VAR = /^HUB_OAUTH_([A-Z0-9_]+)_(CLIENT_ID|CLIENT_SECRET)$/;

/** HUB_OAUTH_<CONNECTOR>_CLIENT_ID / _CLIENT_SECRET pairs, by connector id (upper case and `_` become lower case and `-`). */
function parseOAuthClients(env: Env, issues: ConfigIssue[]): Record<string, OAuthClientConfig> {
  const partial = new Map<string, { id?: string; secret?: string; prefix: string }>();
  for (const [name, raw] of Object.entries(env)) {
    const match = OAUTH_VAR.exec(name);
    if (!match) continue;
    const value = raw?.trim();
    if (!value) continue;
    const [, key, part] = match as unknown as [string, string, 'CLIENT_ID' | 'CLIENT_SECRET'];
    const connector = key.toLowerCase().replace(/_/g, '-');
    const entry = partial.get(connector) ?? { prefix: `HUB_OAUTH_${key}` };
    if (part === 'CLIENT_ID') entry.id = value;
    else entry.secret = value;
    partial.set(connector, entry);
  }
  const out: Record<string, OAuthClientConfig> = {};
  for (const [connector, entry] of [...partial].sort(([a], [b]) => a.localeCompare(b))) {
    if (entry.id === undefined) {
      issues.push({ variable: `${entry.prefix}_CLIENT_ID`, message: `required because ${entry.prefix}_CLIENT_SECRET is set` });
    } else if (entry.secret === undefined) {
      issues.push({ variable: `${entry.prefix}_CLIENT_SECRET`, message: `required because ${entry.prefix}_CLIENT_ID is set` });
    } else {
      out[connector] = { clientId: entry.id, clientSecret: entry.secret };
    }
  }
  return out;
}

/** The default public URL: a wildcard bind address is no address a browser can be redirected to. */
function defaultPublicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * Reads and validates the hub's configuration. Throws a ConfigError that names each wrong variable and why,
 * so that a bad deployment stops at start with one readable message instead of failing later.
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  const issues: ConfigIssue[] = [];
  const result = schema.safeParse(env);
  if (!result.success) {
    for (const issue of result.error.issues) {
      issues.push({ variable: String(issue.path[0] ?? 'environment'), message: issue.message });
    }
  }
  const oauth = parseOAuthClients(env, issues);
  if (!result.success || issues.length > 0) throw new ConfigError(issues);
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? defaultPublicUrl(e.HOST, e.PORT)).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(cwd, e.HUB_DATA_DIR),
    secretKey: e.HUB_SECRET_KEY,
    adminToken: e.HUB_ADMIN_TOKEN,
    connectors: e.HUB_CONNECTORS,
    logLevel: e.LOG_LEVEL,
    sweepCron: e.SWEEP_CRON,
    logRetentionDays: e.LOG_RETENTION_DAYS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    syncMaxAttempts: e.SYNC_MAX_ATTEMPTS,
    syncRetryBaseMs: e.SYNC_RETRY_BASE_MS,
    runWorkers: e.HUB_WORKERS,
    oauth,
  };
}
