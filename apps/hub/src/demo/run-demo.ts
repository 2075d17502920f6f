import path from 'node:path';
import type { Env } from '../config/env.js';
import { callbackUrl } from '../connections/oauth-flow.js';
import { choosePort, type DemoHub, demoConfig, startDemoHub } from './hub.js';
import { HubClient } from './http-client.js';
import { type DemoOutcome, evaluate } from './outcome.js';
import { type Progress, silentProgress } from './progress.js';
import { Resources } from './resources.js';
import { newOAuthClient, type SandboxCounts, startSandboxes } from './sandboxes.js';
import { authLabel, DEMO_TENANTS, type DemoTenantSpec, documentCount } from './scenarios.js';
import { settle } from './settle.js';
import { type SavedTenant, readDemoState, stateFile, writeDemoState } from './state-file.js';
import { submitInvoices } from './submit.js';
import { renderReport } from './table.js';
import { connectTenant, ensureTenant } from './tenants.js';

export interface RunDemoOptions {
  /** The hub's data directory; default: HUB_DATA_DIR or ./.data, as the hub itself resolves it. */
  dataDir?: string;
  /** true: stop everything after the table (`--exit`); false: keep serving until close(). */
  exit?: boolean;
  /** Where the table goes (the CLI: stdout). */
  out?: { write(chunk: string): unknown };
  /** Where the steps go (the CLI: stderr); default: nowhere. */
  progress?: Progress;
  /** The environment the hub's config is read from (default process.env). */
  env?: Env;
  /** The hub's port: default PORT, else 3000 when free, else any; 0: any free port. */
  port?: number;
  /** How long to wait for the bookings to settle (default 60 s). */
  settleTimeoutMs?: number;
  /** Aborts the work (Ctrl-C); whatever started is stopped again. */
  signal?: AbortSignal;
}

export interface DemoResult {
  /** Every scenario ended as expected. */
  ok: boolean;
  /** What the CLI exits with under --exit: 0 when ok, else 1. */
  exitCode: 0 | 1;
  outcome: DemoOutcome;
  /** Whether this run created the demo's tenants (false: it found them from an earlier run). */
  createdTenants: boolean;
  /** From the start to the table. */
  elapsedMs: number;
  /** What this run's sandboxes hold once everything settled (a second run's stay empty). */
  sandboxCounts: SandboxCounts;
  dataDir: string;
  hubUrl: string;
  /** Stops the hub (workers, embedded PostgreSQL) and the sandboxes; already done with `exit: true`. */
  close(): Promise<void>;
}

/**
 * The demo (issue 6): the hub on its embedded PostgreSQL with both sandboxes, three tenants (lexoffice voucher mode
 * with an API key, lexoffice invoice mode over OAuth, sevdesk invoice mode), the SEMCO seed examples handed in
 * through the hub's REST API, a wait until they settle, and a table of what happened with where to look.
 * The demo's tenants are kept in `<dataDir>/demo.json`: a second run reconnects them to its fresh sandboxes and
 * hands the same invoices in again, which the hub answers with the stored ones, so nothing is booked twice.
 */
export async function runDemo(opts: RunDemoOptions = {}): Promise<DemoResult> {
  const startedAt = Date.now();
  const env = opts.env ?? process.env;
  const progress = opts.progress ?? silentProgress;
  const out = opts.out ?? process.stdout;
  const resources = new Resources();
  const close = async () => {
    const failures = await resources.close();
    if (failures.length > 0) throw new Error(`stopping the demo failed: ${failures.join('; ')}`);
  };

  try {
    const oauthClient = newOAuthClient();
    // Read once for HOST and PORT (and to stop at a bad environment before anything starts), then with the port.
    const draft = demoConfig(env, { dataDir: opts.dataDir, oauthClient });
    const port = await choosePort(env, draft, opts.port);
    const config = demoConfig(env, { dataDir: opts.dataDir, port, oauthClient });
    const dataDir = config.dataDir;
    const saved = await readDemoState(dataDir);
    if (saved.problem) progress.step(saved.problem);
    progress.step(
      saved.found ? `data directory ${dataDir} (from an earlier run: reusing its tenants)` : `data directory ${dataDir} (new)`,
    );

    progress.step('starting the lexoffice sandbox (2 requests/s, OAuth with automatic consent) and the sevdesk sandbox');
    const sandboxes = await startSandboxes({ oauthClient, redirectUri: callbackUrl(config, 'lexoffice'), host: draft.host });
    resources.add('sandboxes', () => sandboxes.close());
    opts.signal?.throwIfAborted();

    progress.step(`starting the hub on ${config.publicUrl} with embedded PostgreSQL in ${path.join(dataDir, 'pg')}`);
    const hub: DemoHub = await startDemoHub(config);
    resources.add('hub', () => hub.close());
    opts.signal?.throwIfAborted();
    const client = new HubClient(hub.url, opts.signal);

    const tenants: { spec: DemoTenantSpec; tenant: SavedTenant }[] = [];
    let createdTenants = false;
    for (const spec of DEMO_TENANTS) {
      const { tenant, created } = await ensureTenant(client, hub.adminToken, spec, saved.state.tenants[spec.key]);
      if (created) {
        createdTenants = true;
        saved.state.tenants[spec.key] = tenant;
        // At once: the API key is shown only when the tenant is made.
        await writeDemoState(dataDir, saved.state);
      }
      tenants.push({ spec, tenant });
    }
    progress.step(createdTenants ? `created the demo tenants (kept in ${stateFile(dataDir)})` : 'found the demo tenants of an earlier run');

    progress.step('connecting the tenants to this run\'s sandboxes');
    await Promise.all(
      tenants.map(async ({ spec, tenant }) => {
        await connectTenant(client, spec, tenant, sandboxes);
        const how = spec.auth === 'oauth' ? 'OAuth through the hub\'s authorize and callback routes' : authLabel(spec);
        progress.step(`connected ${spec.name} to ${spec.connector} (${how})`);
      }),
    );
    opts.signal?.throwIfAborted();

    const total = documentCount();
    const invoices = tenants.reduce((n, t) => n + t.spec.invoices.length, 0);
    progress.step(
      `handing in ${invoices} invoices through POST /v1/invoices (the ${total - invoices} cancellations follow once their invoices are booked)`,
    );
    const tracked = await submitInvoices(client, tenants, progress);
    const known = tracked.filter((t) => t.earlier).length;
    if (known > 0) progress.step(`${known} of ${invoices} invoices were known from an earlier run: the hub answered with the stored ones`);
    const settled = await settle(client, tracked, {
      timeoutMs: opts.settleTimeoutMs ?? 60_000,
      progress,
      total,
      signal: opts.signal,
    });
    if (!settled) progress.step('gave up waiting: not everything settled in time');
    const outcome = await evaluate(client, tracked);
    const sandboxCounts = await sandboxes.counts();
    const elapsedMs = Date.now() - startedAt;
    progress.step(`done in ${(elapsedMs / 1000).toFixed(1)} s`);
    progress.end();

    out.write(
      `${renderReport(outcome, {
        hubUrl: hub.url,
        dataDir,
        adminTokenFile: hub.adminTokenFile,
        logFile: hub.logFile,
        tenants,
        sandboxes: { lexoffice: sandboxes.lexoffice.url, sevdesk: sandboxes.sevdesk.url, counts: sandboxCounts },
        serving: !opts.exit,
        elapsedMs,
      })}`,
    );

    if (opts.exit) await close();
    return {
      ok: outcome.ok,
      exitCode: outcome.ok ? 0 : 1,
      outcome,
      createdTenants,
      elapsedMs,
      sandboxCounts,
      dataDir,
      hubUrl: hub.url,
      close,
    };
  } catch (error) {
    progress.end();
    await resources.close();
    throw error;
  }
}
