/**
 * The chaos run (issue 7, "proof under load and faults"), parameterised: two hub processes on one PostgreSQL,
 * the lexoffice and sevdesk sandboxes as processes injecting probabilistic faults (5xx, 504 after the write,
 * 429, random latency), invoices from many tenants on both tools and in both modes, and one hub process killed
 * with SIGKILL mid-run (and started again) as often as asked. Then the checks:
 *
 * 1. exactly once: per tenant and tool, every invoice is in the sandbox once. Vouchers are read back by the
 *    tenant's number; invoices (whose number the tool assigns) by the hub's remote id and by the hub's reference
 *    the tool keeps (`hub:<invoice id>`); no document in the sandbox belongs to no invoice or to two;
 * 2. none lost: every invoice handed in is stored and booked (the ones failed on purpose excepted), amounts to
 *    the cent;
 * 3. every attempt in the call log: the sandbox counts requests per credential (lexoffice: each tenant's OAuth
 *    access tokens; sevdesk: its one API token), compared with the hub's call_log rows. The sandbox may count a
 *    few more: a request whose answer reached a process that was killed before it wrote its row. So
 *    0 <= sandbox - call log <= what the killed processes had in flight; both numbers are reported;
 * 4. no notification open except the ones caused on purpose (a VAT id lexoffice refuses, a tax rate sevdesk
 *    refuses);
 * 5. no secret (tenant keys, admin token, HUB_SECRET_KEY, tool keys, OAuth codes and tokens, the OAuth client
 *    secret) in plain text in any column of the database or in any hub process's log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { computeTotals, invoice as invoiceSchema } from '@accounting-hub/core';
import { samplePdfDocument } from '@accounting-hub/core/seeds';
import { credentialFingerprint, httpSandboxControl, type SandboxDocument } from '@accounting-hub/connector-testkit/sandbox';
import {
  describeFindings,
  type KnownSecret,
  scanDatabaseForSecrets,
  scanLogFilesForSecrets,
  type SecretFinding,
} from '@accounting-hub/hub/testing/secrets-scan';
import pg from 'pg';
import {
  createTestPostgres,
  freePort,
  type HubClient,
  type HubProcess,
  hubClient,
  type SandboxProcess,
  sleep,
  startHubProcess,
  startSandboxProcess,
  type Tenant,
  type TestPostgres,
} from '../harness/index.js';

export interface ChaosOptions {
  /** Invoices handed in, spread round-robin over the tenants. */
  invoices: number;
  /** Tenants; even ones book into lexoffice (OAuth), odd ones into sevdesk; modes and statuses alternate. */
  tenants: number;
  /** How often hub A is killed with SIGKILL mid-run (and started again on its port). */
  kills: number;
  /** Fault rates per request on the tools' APIs (each as a share of all requests). */
  faults: { status5xx: number; afterWrite: number; tooMany: number; latencyMs: number; jitterMs: number };
  /** Seed of the sandboxes' fault draws. */
  seed: number;
  /**
   * Invoices handed in per second: the tenants send them over the run (as they would), so the SIGKILLs also hit
   * requests in the middle of the intake.
   */
  intakePerSecond: number;
  /** Give up waiting for the bookings after this long. */
  timeoutMs: number;
  /** Progress lines on stdout. */
  log?: (line: string) => void;
}

export const CI_PROFILE: ChaosOptions = {
  invoices: 200,
  tenants: 6,
  kills: 1,
  faults: { status5xx: 0.1, afterWrite: 0.05, tooMany: 0.05, latencyMs: 0, jitterMs: 40 },
  seed: 7,
  intakePerSecond: 8,
  timeoutMs: 150_000,
};

export const FULL_PROFILE: ChaosOptions = {
  invoices: 2000,
  tenants: 20,
  kills: 2,
  faults: { status5xx: 0.1, afterWrite: 0.05, tooMany: 0.05, latencyMs: 0, jitterMs: 60 },
  seed: 2026,
  intakePerSecond: 15,
  timeoutMs: 900_000,
};

type Tool = 'lexoffice' | 'sevdesk';
type Mode = 'voucher' | 'invoice';

interface ChaosTenant {
  index: number;
  tenant: Tenant;
  api: HubClient;
  tool: Tool;
  mode: Mode;
  invoiceStatus: 'finalized' | 'finalized_and_sent';
  prefix: string;
}

interface Submitted {
  tenant: ChaosTenant;
  number: string;
  body: Record<string, unknown>;
  expectedGross: string;
  /** Failed on purpose (the tool refuses it): must end `failed` with one open notification. */
  onPurpose: boolean;
  id?: string;
}

export interface ChaosResult {
  options: Omit<ChaosOptions, 'log'>;
  durationMs: number;
  intakeMs: number;
  invoices: { submitted: number; stored: number; booked: number; failedOnPurpose: number; intakeRetries: number };
  /** Booking attempts (the engine's), and HTTP requests the client repeated within one (429, a GET's 5xx). */
  attempts: { total: number; max: number; invoicesRetried: number; bookingRetries: number; httpRetries: number };
  kills: { at: string; bookedBefore: number; syncingAtKill: number; restartMs: number; duringIntake: boolean }[];
  faults: Record<Tool, Record<string, number>>;
  uncertain: { afterWriteInjected: number; findBookedCalls: number; settledByLookup: number };
  documents: Record<Tool, { vouchers: number; invoices: number; duplicateNumbers: number; orphans: number; vouchersWithExtraFiles: number }>;
  lexofficeMails: { toSend: number; sentOnce: number; notSent: number; sentTwice: number };
  accounting: {
    lexoffice: { sandbox: number; callLog: number; perConnection: { tenant: string; sandbox: number; callLog: number }[] };
    sevdesk: { sandbox: number; callLog: number };
    oauthTokenEndpoint: { sandbox: number; callLog: number };
    inFlightBound: number;
  };
  callLogRows: number;
  notifications: { open: number; openOnPurpose: number; resolvedSynced: number };
  secrets: { searched: number; forms: number; columns: number; tables: number; values: number; dbBytes: number; logBytes: number; logFiles: number; findings: SecretFinding[] };
  problems: string[];
}

const CUSTOMERS_PER_TENANT = 4;
const BOERSE_VAT_ID = 'DE28407065';

/** Runs the whole scenario and answers what happened; `problems` lists every check that failed (empty: all held). */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => undefined);
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const started = Date.now();

  const db: TestPostgres = await createTestPostgres();
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  const hubs: HubProcess[] = [];
  const allHubLogs: { name: string; path: string }[] = [];
  let lexoffice: SandboxProcess<'lexoffice'> | undefined;
  let sevdesk: SandboxProcess<'sevdesk'> | undefined;
  try {
    // --- sandboxes, OAuth client, hubs -------------------------------------------------------------------------
    [lexoffice, sevdesk] = await Promise.all([
      startSandboxProcess('lexoffice', { requestsPerSecond: 1000 }),
      startSandboxProcess('sevdesk', { requestsPerSecond: 1000 }),
    ]);
    const portA = await freePort();
    const portB = await freePort();
    const oauthClient = { clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
    await postJson(`${lexoffice.url}/__sandbox/oauth/clients`, {
      ...oauthClient,
      redirectUris: [portA, portB].map((p) => `http://127.0.0.1:${p}/v1/oauth/lexoffice/callback`),
    });
    const secretKey = randomBytes(32);
    const adminToken = `adm_chaos_${randomBytes(16).toString('hex')}`;
    const hubEnv = {
      DATABASE_URL: db.url,
      HUB_SECRET_KEY: secretKey.toString('base64'),
      HUB_ADMIN_TOKEN: adminToken,
      HUB_OAUTH_LEXOFFICE_CLIENT_ID: oauthClient.clientId,
      HUB_OAUTH_LEXOFFICE_CLIENT_SECRET: oauthClient.clientSecret,
      LOG_LEVEL: 'debug',
      SWEEP_CRON: '* * * * * *',
      SYNC_RETRY_BASE_MS: '200',
      SYNC_MAX_ATTEMPTS: '30',
      WORKER_CONCURRENCY: '8',
    };
    const startHub = async (name: string, port: number) => {
      const hub = await startHubProcess({ env: hubEnv, port, name });
      hubs.push(hub);
      allHubLogs.push({ name, path: hub.logFile });
      return hub;
    };
    let hubA = await startHub('hub-a', portA);
    const hubB = await startHub('hub-b', portB);
    const workerConcurrency = Number(hubEnv.WORKER_CONCURRENCY);
    log(`hubs on ${hubA.url} and ${hubB.url}; sandboxes lexoffice ${lexoffice.url}, sevdesk ${sevdesk.url}`);

    // --- tenants ---------------------------------------------------------------------------------------------
    const admin = hubClient(hubB.url, adminToken);
    const tenants: ChaosTenant[] = [];
    for (let i = 0; i < options.tenants; i++) {
      const tool: Tool = i % 2 === 0 ? 'lexoffice' : 'sevdesk';
      const mode: Mode = Math.floor(i / 2) % 2 === 0 ? 'voucher' : 'invoice';
      const invoiceStatus = Math.floor(i / 4) % 2 === 0 ? 'finalized_and_sent' : 'finalized';
      const name = `Chaos Mandant ${String(i + 1).padStart(2, '0')}`;
      const tenant = await admin.createTenant(name);
      const api = admin.as(tenant.apiKey);
      if (tool === 'lexoffice') await connectLexofficeOAuth(api, lexoffice);
      else {
        const connection = await api.putConnection('sevdesk', { credentials: { apiToken: sevdesk.credentials.apiToken }, options: { baseUrl: sevdesk.url, requestsPerSecond: 20 } });
        if (connection.status !== 'active') throw new Error(`sevdesk connection ${connection.status}`);
      }
      await api.putSettings({ connector: tool, mode, invoiceStatus, autoSync: true });
      tenants.push({ index: i, tenant, api, tool, mode, invoiceStatus, prefix: `C${String(i + 1).padStart(2, '0')}` });
    }
    log(`${tenants.length} tenants connected: ${tenants.map((t) => `${t.prefix} ${t.tool}/${t.mode}${t.mode === 'invoice' ? `/${t.invoiceStatus}` : ''}`).join(', ')}`);

    // --- faults, from now on ---------------------------------------------------------------------------------
    const f = options.faults;
    for (const [i, sandbox] of [lexoffice, sevdesk].entries()) {
      const api = sandbox.kind === 'lexoffice' ? '^/v1/' : '^/(?!__sandbox)';
      const seed = options.seed * 10 + i * 4;
      // Evaluated oldest first, each its own draw: a request the first spares meets the second. The rates are
      // set so that each fault hits its share of all requests.
      await sandbox.control.injectFault({ kind: 'latency', ms: f.latencyMs, jitterMs: f.jitterMs, probability: 1, seed, match: { path: api } });
      await sandbox.control.injectFault({ kind: 'status', status: 503, probability: f.status5xx, seed: seed + 1, match: { path: api } });
      const rest1 = 1 - f.status5xx;
      await sandbox.control.injectFault({ kind: 'after_write', status: 504, probability: f.afterWrite / rest1, seed: seed + 2, match: { path: api } });
      const rest2 = rest1 - f.afterWrite;
      await sandbox.control.injectFault({ kind: 'status', status: 429, probability: f.tooMany / rest2, seed: seed + 3, match: { path: api } });
    }

    // --- invoices --------------------------------------------------------------------------------------------
    const submitted: Submitted[] = [];
    const perTenant = new Map<number, number>();
    for (let n = 0; n < options.invoices; n++) {
      const t = tenants[n % tenants.length]!;
      const seq = (perTenant.get(t.index) ?? 0) + 1;
      perTenant.set(t.index, seq);
      submitted.push(makeInvoice(t, seq, n));
    }
    // On purpose: lexoffice refuses a VAT id (first lexoffice voucher tenant), sevdesk a 5 % rate in a 2.0 account
    // (first sevdesk invoice-mode tenant).
    const lexVoucher = tenants.find((t) => t.tool === 'lexoffice' && t.mode === 'voucher');
    const sevInvoice = tenants.find((t) => t.tool === 'sevdesk' && t.mode === 'invoice');
    if (lexVoucher) submitted.push(onPurpose(lexVoucher, 'boerse'));
    if (sevInvoice) submitted.push(onPurpose(sevInvoice, 'rate5'));

    const intakeStarted = Date.now();
    let intakeMs = 0;
    let intakeRetries = 0;
    const hubUrls = [hubA.url, hubB.url];
    const intake = runPool(submitted, 16, async (s, i) => {
      const due = intakeStarted + (i * 1000) / options.intakePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      for (let attempt = 0; ; attempt++) {
        // Alternate the hubs; after a failure (the process was killed) the other one takes the request.
        const url = hubUrls[(i + attempt) % 2]!;
        try {
          const res = await hubClient(url, s.tenant.tenant.apiKey).request<{ id: string }>('POST', '/v1/invoices', s.body, { 'idempotency-key': `chaos-${s.number}` });
          if (res.status === 200 || res.status === 202) {
            s.id = res.body.id;
            return;
          }
          if (res.status < 500) throw new Error(`POST /v1/invoices ${s.number} answered ${res.status}: ${JSON.stringify(res.body)}`);
        } catch (error) {
          if (error instanceof Error && /answered 4\d\d/.test(error.message)) throw error;
          if (attempt > 20) throw error;
        }
        intakeRetries += 1;
        await sleep(100);
      }
    }).then(() => {
      intakeMs = Date.now() - intakeStarted;
    });

    // --- kills -----------------------------------------------------------------------------------------------
    const total = submitted.length;
    const thresholds = Array.from({ length: options.kills }, (_, k) => (k + 1) / (options.kills + 1.5));
    const kills: ChaosResult['kills'] = [];
    const progress = async () => {
      const { rows } = await pool.query<{ done: string; syncing: string }>(
        `select count(*) filter (where status in ('booked', 'failed', 'resolved')) as done, count(*) filter (where status = 'syncing') as syncing from invoice`,
      );
      return { done: Number(rows[0]!.done), syncing: Number(rows[0]!.syncing) };
    };
    for (const threshold of thresholds) {
      for (;;) {
        const p = await progress();
        if (p.done >= threshold * total) break;
        await sleep(100);
      }
      const before = await progress();
      hubA.kill('SIGKILL');
      const exit = await hubA.exited;
      if (exit.signal !== 'SIGKILL') problems.push(`hub A did not die by SIGKILL: ${JSON.stringify(exit)}`);
      log(`SIGKILL hub A at ${before.done}/${total} done, ${before.syncing} syncing`);
      const restartAt = Date.now();
      await sleep(1000);
      hubA = await startHub(`hub-a-${kills.length + 2}`, portA);
      hubUrls[0] = hubA.url;
      kills.push({
        at: new Date(restartAt).toISOString(),
        bookedBefore: before.done,
        syncingAtKill: before.syncing,
        restartMs: Date.now() - restartAt,
        duringIntake: intakeMs === 0,
      });
    }
    await intake;
    log(`intake done in ${intakeMs} ms (${intakeRetries} requests repeated on the other hub after a kill)`);

    // --- wait for the end ------------------------------------------------------------------------------------
    const deadline = Date.now() + options.timeoutMs;
    let lastLog = 0;
    for (;;) {
      const p = await progress();
      if (p.done >= total) break;
      if (Date.now() > deadline) {
        problems.push(`only ${p.done} of ${total} invoices done after ${options.timeoutMs} ms`);
        break;
      }
      if (Date.now() - lastLog > 10_000) {
        log(`${p.done}/${total} done, ${p.syncing} syncing`);
        lastLog = Date.now();
      }
      await sleep(250);
    }
    const durationMs = Date.now() - started;
    // The last retries' call-log rows and notifications land a moment after the status.
    await sleep(1500);

    // --- 2. none lost ------------------------------------------------------------------------------------------
    const { rows: stored } = await pool.query<{ id: string; tenant_id: string; number: string; status: string; attempts: number; remote: RemoteJson | null; pending_write: unknown }>(
      'select id, tenant_id, number, status, attempts, remote, pending_write from invoice',
    );
    const storedById = new Map(stored.map((r) => [r.id, r]));
    check(stored.length === total, `${stored.length} invoices stored, ${total} handed in`);
    for (const s of submitted) {
      const row = s.id ? storedById.get(s.id) : undefined;
      if (!row) {
        problems.push(`${s.number}: not stored`);
        continue;
      }
      if (s.onPurpose) check(row.status === 'failed', `${s.number} (on purpose) is ${row.status}, not failed`);
      else check(row.status === 'booked', `${s.number} is ${row.status}, not booked`);
    }

    // --- 1. exactly once, read back from the sandboxes -----------------------------------------------------------
    const documents: ChaosResult['documents'] = {
      lexoffice: { vouchers: 0, invoices: 0, duplicateNumbers: 0, orphans: 0, vouchersWithExtraFiles: 0 },
      sevdesk: { vouchers: 0, invoices: 0, duplicateNumbers: 0, orphans: 0, vouchersWithExtraFiles: 0 },
    };
    for (const sandbox of [lexoffice, sevdesk]) {
      const tool = sandbox.kind as Tool;
      const docs = (await sandbox.control.documents()).filter((d) => d.kind === 'voucher' || d.kind === 'invoice');
      const stats = documents[tool];
      stats.vouchers = docs.filter((d) => d.kind === 'voucher').length;
      stats.invoices = docs.filter((d) => d.kind === 'invoice').length;
      const claimed = new Map<string, string>();
      const byNumber = groupBy(docs.filter((d) => d.kind === 'voucher'), (d) => d.number ?? '');
      const byReference = groupBy(docs.filter((d) => d.kind === 'invoice'), (d) => /hub:([0-9a-f-]{36})/.exec(d.reference ?? '')?.[1] ?? '');
      for (const s of submitted.filter((x) => x.tenant.tool === tool && !x.onPurpose)) {
        const row = s.id ? storedById.get(s.id) : undefined;
        if (!row) continue;
        let found: SandboxDocument[];
        if (s.tenant.mode === 'voucher') {
          found = byNumber.get(s.number) ?? [];
        } else {
          found = byReference.get(row.id) ?? [];
          const byId = docs.filter((d) => d.id === row.remote?.id);
          check(byId.length === 1 && found.length === 1 && byId[0] === found[0], `${s.number}: remote id ${row.remote?.id} and reference hub:${row.id} do not name one ${tool} invoice`);
          if (!row.remote?.number || row.remote.number !== found[0]?.number) {
            const calls = await pool.query<{ operation: string | null; method: string; path: string; status_code: number | null }>(
              'select operation, method, path, status_code from call_log where invoice_id = $1 order by id',
              [row.id],
            );
            problems.push(
              `${s.number}: the tool's number ${found[0]?.number} (${found[0]?.status}) is not written back (remote ${JSON.stringify(row.remote)}); calls: ${calls.rows.map((c) => `${c.operation} ${c.method} ${c.path.split('?')[0]} ${c.status_code}`).join(' | ')}`,
            );
          }
        }
        if (found.length !== 1) {
          stats.duplicateNumbers += found.length > 1 ? 1 : 0;
          problems.push(`${s.number} (${tool} ${s.tenant.mode}): ${found.length} documents in the sandbox`);
          continue;
        }
        const doc = found[0]!;
        claimed.set(doc.id, s.number);
        check(row.remote?.id === doc.id, `${s.number}: the hub points at ${row.remote?.id}, the sandbox holds ${doc.id}`);
        check(doc.totalGross === s.expectedGross, `${s.number}: gross ${doc.totalGross} in ${tool}, expected ${s.expectedGross}`);
        if (s.tenant.mode === 'voucher') {
          check(doc.files.length >= 1, `${s.number}: the voucher carries no file`);
          if (doc.files.length > 1) stats.vouchersWithExtraFiles += 1;
        }
      }
      const orphans = docs.filter((d) => !claimed.has(d.id));
      stats.orphans = orphans.length;
      check(orphans.length === 0, `${tool}: ${orphans.length} documents no invoice claims: ${orphans.slice(0, 5).map((d) => `${d.kind} ${d.number ?? d.id}`).join(', ')}`);
    }

    // lexoffice's e-mails (finalized_and_sent): sendmail runs after the create; a sendmail refused with a 5xx
    // leaves an open invoice that findBooked finds, and the hub cannot tell whether the mail went out. Counted,
    // not judged (see docs/reliability.md).
    const mails = (await getJson(`${lexoffice.url}/__sandbox/mails`)) as { voucherId: string }[];
    const mailsByVoucher = groupBy(mails, (m) => m.voucherId);
    const toSend = submitted.filter((s) => s.tenant.tool === 'lexoffice' && s.tenant.mode === 'invoice' && s.tenant.invoiceStatus === 'finalized_and_sent' && !s.onPurpose);
    const lexofficeMails = { toSend: toSend.length, sentOnce: 0, notSent: 0, sentTwice: 0 };
    for (const s of toSend) {
      const n = (mailsByVoucher.get(storedById.get(s.id ?? '')?.remote?.id ?? '') ?? []).length;
      if (n === 0) lexofficeMails.notSent += 1;
      else if (n === 1) lexofficeMails.sentOnce += 1;
      else lexofficeMails.sentTwice += 1;
    }

    // --- 3. every attempt in the call log --------------------------------------------------------------------
    const byCredential = {
      lexoffice: await httpSandboxControl(lexoffice.url).requestsByCredential(),
      sevdesk: await httpSandboxControl(sevdesk.url).requestsByCredential(),
    };
    const issued = (await getJson(`${lexoffice.url}/__sandbox/oauth/tokens`)) as { kind: string; value: string; connectionId: string | null }[];
    const oauthConnections = (await getJson(`${lexoffice.url}/__sandbox/oauth/connections`)) as { id: string; connectionName: string }[];
    const { rows: logRows } = await pool.query<{ tenant_id: string; connector: string; operation: string | null; n: string }>(
      'select tenant_id, connector, operation, count(*) as n from call_log group by tenant_id, connector, operation',
    );
    const logCount = (pred: (r: (typeof logRows)[number]) => boolean) => logRows.filter(pred).reduce((sum, r) => sum + Number(r.n), 0);
    const isOAuthOp = (op: string | null) => (op ?? '').toLowerCase().startsWith('oauth');
    const perConnection = tenants
      .filter((t) => t.tool === 'lexoffice')
      .map((t) => {
        const connectionIds = oauthConnections.filter((c) => c.connectionName === t.tenant.name).map((c) => c.id);
        const tokens = issued.filter((x) => x.kind === 'access_token' && x.connectionId !== null && connectionIds.includes(x.connectionId));
        const sandboxCount = tokens.reduce((sum, x) => sum + (byCredential.lexoffice[credentialFingerprint(x.value)] ?? 0), 0);
        const callLog = logCount((r) => r.tenant_id === t.tenant.id && r.connector === 'lexoffice' && !isOAuthOp(r.operation));
        return { tenant: t.prefix, sandbox: sandboxCount, callLog };
      });
    const clientFingerprint = credentialFingerprint(`Basic ${Buffer.from(`${oauthClient.clientId}:${oauthClient.clientSecret}`).toString('base64')}`);
    const accounting: ChaosResult['accounting'] = {
      lexoffice: { sandbox: sum(perConnection.map((p) => p.sandbox)), callLog: sum(perConnection.map((p) => p.callLog)), perConnection },
      sevdesk: { sandbox: byCredential.sevdesk[credentialFingerprint(sevdesk.credentials.apiToken)] ?? 0, callLog: logCount((r) => r.connector === 'sevdesk') },
      oauthTokenEndpoint: { sandbox: byCredential.lexoffice[clientFingerprint] ?? 0, callLog: logCount((r) => r.connector === 'lexoffice' && isOAuthOp(r.operation)) },
      // What a killed process can have had in flight: a request per worker (jobs call the tool one at a time).
      inFlightBound: options.kills * workerConcurrency,
    };
    for (const [what, a] of [
      ['lexoffice', accounting.lexoffice],
      ['sevdesk', accounting.sevdesk],
    ] as const) {
      const missing = a.sandbox - a.callLog;
      check(missing >= 0, `${what}: the call log has ${-missing} rows more than the sandbox saw requests`);
      check(missing <= accounting.inFlightBound, `${what}: ${missing} requests reached the sandbox but are not in the call log (at most ${accounting.inFlightBound} may die with killed processes)`);
    }
    for (const p of perConnection) {
      check(p.sandbox >= p.callLog && p.sandbox - p.callLog <= options.kills * 2, `lexoffice ${p.tenant}: sandbox ${p.sandbox}, call log ${p.callLog}`);
    }
    // Every booked invoice's create is in the log, with the answer that created what the hub points at.
    const { rows: unlogged } = await pool.query<{ n: string }>(
      `select count(*) as n from invoice i where i.status = 'booked'
         and not exists (select 1 from call_log l where l.invoice_id = i.id and l.method <> 'GET')`,
    );
    check(Number(unlogged[0]!.n) === 0, `${unlogged[0]!.n} booked invoices without any write in the call log`);

    // --- 4. notifications ------------------------------------------------------------------------------------
    const { rows: notes } = await pool.query<{ invoice_id: string | null; kind: string; state: string; resolution: string | null }>(
      'select invoice_id, kind, state, resolution from notification',
    );
    const purposeIds = new Set(submitted.filter((s) => s.onPurpose).map((s) => s.id));
    const open = notes.filter((n) => n.state === 'open');
    const openOnPurpose = open.filter((n) => n.invoice_id !== null && purposeIds.has(n.invoice_id) && n.kind === 'sync_failed');
    check(open.length === openOnPurpose.length, `open notifications not caused on purpose: ${JSON.stringify(open.filter((n) => !openOnPurpose.includes(n)).slice(0, 5))}`);
    check(openOnPurpose.length === purposeIds.size, `${openOnPurpose.length} open notifications for ${purposeIds.size} invoices failed on purpose`);

    // --- numbers ---------------------------------------------------------------------------------------------
    const attempts = stored.map((r) => r.attempts);
    const { rows: opRows } = await pool.query<{ operation: string | null; n: string }>('select operation, count(*) as n from call_log group by operation');
    const findBookedCalls = Number(opRows.find((r) => r.operation === 'findBooked')?.n ?? 0);
    const { rows: settled } = await pool.query<{ n: string }>(
      `select count(distinct invoice_id) as n from call_log where operation = 'findBooked' and invoice_id in (select id from invoice where status = 'booked')`,
    );
    const faults = {
      lexoffice: (await httpSandboxControl(lexoffice.url).faultReport()).fired,
      sevdesk: (await httpSandboxControl(sevdesk.url).faultReport()).fired,
    };
    const callLogRows = sum(opRows.map((r) => Number(r.n)));
    const { rows: retried } = await pool.query<{ n: string }>('select count(*) as n from call_log where attempt > 1');
    const httpRetries = Number(retried[0]!.n);

    // --- 5. secrets ------------------------------------------------------------------------------------------
    // The hubs still running are stopped first, so that their logs are complete.
    await Promise.all(hubs.map((h) => h.stop()));
    const secrets: KnownSecret[] = [
      { label: 'admin token', value: adminToken },
      { label: 'HUB_SECRET_KEY (text)', value: secretKey.toString('base64') },
      { label: 'HUB_SECRET_KEY (bytes)', value: secretKey },
      { label: 'lexoffice OAuth client secret', value: oauthClient.clientSecret },
      { label: 'lexoffice API key', value: lexoffice.credentials.apiKey },
      { label: 'sevdesk API token', value: sevdesk.credentials.apiToken },
      ...tenants.map((t) => ({ label: `${t.prefix} tenant API key`, value: t.tenant.apiKey })),
      ...issued.map((x, i) => ({ label: `lexoffice OAuth ${x.kind} #${i + 1}`, value: x.value })),
    ];
    const dbScan = await scanDatabaseForSecrets(db.url, secrets);
    const logScan = await scanLogFilesForSecrets(allHubLogs, secrets);
    const findings = [...dbScan.findings, ...logScan.findings];
    check(findings.length === 0, `secrets found:\n${describeFindings(findings)}`);
    check(dbScan.columnNames.includes('public.call_log.request') && dbScan.columnNames.includes('public.connection.secret'), 'the secrets scan missed hub tables');

    const afterWriteInjected = (faults.lexoffice['after_write:504'] ?? 0) + (faults.sevdesk['after_write:504'] ?? 0);
    return {
      options: {
        invoices: options.invoices,
        tenants: options.tenants,
        kills: options.kills,
        faults: options.faults,
        seed: options.seed,
        intakePerSecond: options.intakePerSecond,
        timeoutMs: options.timeoutMs,
      },
      durationMs,
      intakeMs,
      invoices: {
        submitted: total,
        stored: stored.length,
        booked: stored.filter((r) => r.status === 'booked').length,
        failedOnPurpose: stored.filter((r) => r.status === 'failed').length,
        intakeRetries,
      },
      attempts: {
        total: sum(attempts),
        max: Math.max(...attempts),
        invoicesRetried: attempts.filter((a) => a > 1).length,
        bookingRetries: sum(attempts) - stored.length,
        httpRetries,
      },
      kills,
      faults,
      uncertain: { afterWriteInjected, findBookedCalls, settledByLookup: Number(settled[0]!.n) },
      documents,
      lexofficeMails,
      accounting,
      callLogRows,
      notifications: {
        open: open.length,
        openOnPurpose: openOnPurpose.length,
        resolvedSynced: notes.filter((n) => n.state === 'resolved' && n.resolution === 'synced').length,
      },
      secrets: {
        searched: secrets.length,
        forms: dbScan.forms,
        columns: dbScan.columns,
        tables: dbScan.tables,
        values: dbScan.values,
        dbBytes: dbScan.bytes,
        logBytes: logScan.bytes,
        logFiles: allHubLogs.length,
        findings,
      },
      problems,
    };
  } finally {
    await Promise.all(hubs.map((h) => h.stop().catch(() => undefined)));
    await Promise.all([lexoffice?.stop(), sevdesk?.stop()].map((p) => p?.catch(() => undefined)));
    await pool.end();
    await db.drop();
  }
}

interface RemoteJson {
  connector: string;
  kind: string;
  id: string;
  number: string | null;
}

/** Connects a tenant to lexoffice through the OAuth flow: authorize, the sandbox consents at once, the callback. */
async function connectLexofficeOAuth(api: HubClient, sandbox: SandboxProcess<'lexoffice'>): Promise<void> {
  const options = encodeURIComponent(JSON.stringify({ baseUrl: sandbox.url, authBaseUrl: sandbox.url, requestsPerSecond: 10 }));
  const start = await api.request<{ url: string }>('GET', `/v1/connections/lexoffice/authorize?options=${options}`, undefined, { accept: 'application/json' });
  if (start.status !== 200) throw new Error(`authorize answered ${start.status}: ${JSON.stringify(start.body)}`);
  const consent = await fetch(start.body.url, { redirect: 'manual' });
  const back = consent.headers.get('location');
  if (consent.status !== 302 || !back) throw new Error(`the sandbox's consent answered ${consent.status}`);
  const callback = await fetch(back, { redirect: 'manual' });
  if (callback.status !== 200) throw new Error(`the hub's callback answered ${callback.status}: ${await callback.text()}`);
  const connections = await api.request<{ connector: string; status: string }[]>('GET', '/v1/connections');
  if (!connections.body.some((c) => c.connector === 'lexoffice' && c.status === 'active')) {
    throw new Error(`no active lexoffice connection after OAuth: ${JSON.stringify(connections.body)}`);
  }
}

/** Invoice `seq` of a tenant: its own number, one of a few customers, amounts that differ from invoice to invoice. */
function makeInvoice(t: ChaosTenant, seq: number, n: number): Submitted {
  const number = `${t.prefix}-${String(seq).padStart(5, '0')}`;
  const c = seq % CUSTOMERS_PER_TENANT;
  const customer = {
    ref: `${t.prefix}-K${c}`,
    type: 'company',
    companyName: `${t.prefix} Kunde ${c} GmbH`,
    address: { street: `Hauptstraße ${c + 1}`, zip: '10115', city: 'Berlin', countryCode: 'DE' },
    email: `buchhaltung-${c}@${t.prefix.toLowerCase()}.example`,
  };
  const body = {
    number,
    date: '2024-03-01',
    dueDate: '2024-03-15',
    serviceDate: '2024-02-28',
    currency: 'EUR',
    taxMode: n % 3 === 0 ? 'gross' : 'net',
    customer,
    lines: [
      { title: 'Seminartag', quantity: 1 + (n % 3), unitName: 'Tag', unitPrice: `${100 + (n % 97)}.${String(n % 100).padStart(2, '0')}`, taxRate: 19 },
      { title: 'Skript', quantity: 1, unitName: 'Stück', unitPrice: '12.50', taxRate: 7 },
    ],
    document: samplePdfDocument(`${number}.pdf`, `Rechnung ${number}`),
  };
  return { tenant: t, number, body, expectedGross: grossOf(body), onPurpose: false };
}

function onPurpose(t: ChaosTenant, what: 'boerse' | 'rate5'): Submitted {
  const base = makeInvoice(t, 99_999, 1);
  const number = `${t.prefix}-FAIL-${what}`;
  const body: Record<string, unknown> = { ...base.body, number, document: samplePdfDocument(`${number}.pdf`, `Rechnung ${number}`) };
  if (what === 'boerse') {
    body.customer = { ref: `${t.prefix}-BOERSE`, type: 'company', companyName: 'Börse GmbH', vatId: BOERSE_VAT_ID, address: { street: 'Börsenplatz 1', zip: '60313', city: 'Frankfurt', countryCode: 'DE' } };
  } else {
    body.lines = [{ title: 'Altbestand', quantity: 1, unitName: 'Stück', unitPrice: '10.00', taxRate: 5 }];
  }
  return { tenant: t, number, body, expectedGross: grossOf(body), onPurpose: true };
}

function grossOf(body: Record<string, unknown>): string {
  const parsed = invoiceSchema.parse({ ...body, customer: body.customer });
  return computeTotals(parsed.taxMode, parsed.lines).totalGross;
}

async function runPool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.json();
}

/** The result as a few readable lines (for the test output and docs/reliability.md). */
export function summarize(r: ChaosResult): string {
  const a = r.accounting;
  return [
    `chaos: ${r.invoices.submitted} invoices over ${r.options.tenants} tenants, ${r.kills.length} SIGKILLs, ${(r.durationMs / 1000).toFixed(1)} s (intake ${(r.intakeMs / 1000).toFixed(1)} s, ${r.invoices.intakeRetries} intake retries)`,
    `  booked ${r.invoices.booked}, failed on purpose ${r.invoices.failedOnPurpose}, stored ${r.invoices.stored}`,
    `  attempts ${r.attempts.total}: ${r.attempts.bookingRetries} booking retries (max ${r.attempts.max} attempts for one invoice, ${r.attempts.invoicesRetried} invoices needed more than one), ${r.attempts.httpRetries} HTTP requests repeated within an attempt`,
    `  faults lexoffice ${JSON.stringify(r.faults.lexoffice)}, sevdesk ${JSON.stringify(r.faults.sevdesk)}`,
    `  uncertain: ${r.uncertain.afterWriteInjected} writes answered 504 after they landed; ${r.uncertain.findBookedCalls} findBooked calls; ${r.uncertain.settledByLookup} booked invoices went through a lookup`,
    `  kills: ${r.kills.map((k) => `at ${k.bookedBefore} done (${k.syncingAtKill} syncing${k.duringIntake ? ', intake running' : ''}), back in ${k.restartMs} ms`).join('; ')}`,
    `  documents lexoffice ${JSON.stringify(r.documents.lexoffice)}, sevdesk ${JSON.stringify(r.documents.sevdesk)}`,
    `  lexoffice e-mails (finalized_and_sent): ${JSON.stringify(r.lexofficeMails)}`,
    `  requests vs call log: lexoffice ${a.lexoffice.sandbox}/${a.lexoffice.callLog}, sevdesk ${a.sevdesk.sandbox}/${a.sevdesk.callLog}, OAuth token endpoint ${a.oauthTokenEndpoint.sandbox}/${a.oauthTokenEndpoint.callLog} (bound for requests lost with killed processes: ${a.inFlightBound}); call_log rows ${r.callLogRows}`,
    `  notifications open ${r.notifications.open} (on purpose ${r.notifications.openOnPurpose}), resolved by a later sync ${r.notifications.resolvedSynced}`,
    `  secrets: ${r.secrets.searched} secrets (${r.secrets.forms} forms) in ${r.secrets.columns} columns of ${r.secrets.tables} tables (${r.secrets.values} values, ${Math.round(r.secrets.dbBytes / 1024)} KiB) and ${r.secrets.logFiles} hub logs (${Math.round(r.secrets.logBytes / 1024)} KiB): ${r.secrets.findings.length} found`,
    r.problems.length === 0 ? '  every check held' : `  PROBLEMS (${r.problems.length}):\n    ${r.problems.slice(0, 40).join('\n    ')}`,
  ].join('\n');
}
