/**
 * The secrets check, standalone (issue 7; the e2e chaos run does the same after its run): tenants connect to
 * lexoffice (API key and OAuth), sevdesk and the reference tool, book invoices through faults (429, 5xx, a 504
 * after the write, refused credentials), and then no tenant API key, admin token, HUB_SECRET_KEY, tool API key or
 * token, OAuth code / access / refresh token or OAuth client secret is found in plain text (or merely encoded)
 * in any text, json or bytea column of any table, or in the hub's log output at debug level.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createLexofficeSandbox, type LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import { createReferenceSandbox, type ReferenceSandbox } from '@accounting-hub/connector-reference';
import { createSevdeskSandbox, type SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeFindings,
  type KnownSecret,
  scanDatabaseForSecrets,
  scanTextForSecrets,
  secretForms,
} from '../testing/secrets-scan.js';
import { ADMIN_TOKEN, invoiceBody, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

const PUBLIC_URL = 'http://hub.test';
const SECRET_KEY = randomBytes(32);
const oauthClient = {
  clientId: randomUUID(),
  clientSecret: randomBytes(24).toString('base64url'),
  redirectUris: [`${PUBLIC_URL}/v1/oauth/lexoffice/callback`],
};

let hub: TestHub;
let reference: ReferenceSandbox;
let lexoffice: LexofficeSandbox;
let sevdesk: SevdeskSandbox;
const tenants: TestTenant[] = [];
const wrongKeys = [`lxo_wrong_${randomBytes(16).toString('hex')}`, randomBytes(16).toString('hex')];

beforeAll(async () => {
  reference = await createReferenceSandbox();
  lexoffice = await createLexofficeSandbox({ oauthClients: [oauthClient], requestsPerSecond: 50 });
  sevdesk = await createSevdeskSandbox({ requestsPerSecond: 50 });
  hub = await startTestHub({
    captureLogs: true,
    env: {
      PUBLIC_URL,
      HUB_SECRET_KEY: SECRET_KEY.toString('base64'),
      HUB_OAUTH_LEXOFFICE_CLIENT_ID: oauthClient.clientId,
      HUB_OAUTH_LEXOFFICE_CLIENT_SECRET: oauthClient.clientSecret,
      SYNC_RETRY_BASE_MS: '20',
      SWEEP_CRON: '* * * * * *',
    },
  });
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await Promise.all([reference?.close(), lexoffice?.close(), sevdesk?.close()]);
});

async function connect(t: TestTenant, connector: string, body: unknown): Promise<void> {
  const res = await hub.call('PUT', `/v1/connections/${connector}`, { token: t.apiKey, body });
  expect(res.statusCode, res.body).toBe(200);
  const settings = await hub.call('PUT', '/v1/settings', { token: t.apiKey, body: { connector, mode: 'voucher', autoSync: true } });
  expect(settings.statusCode, settings.body).toBe(200);
}

async function connectLexofficeOAuth(t: TestTenant): Promise<void> {
  const options = encodeURIComponent(JSON.stringify({ baseUrl: lexoffice.url, authBaseUrl: lexoffice.url, requestsPerSecond: 10 }));
  const start = await hub.call('GET', `/v1/connections/lexoffice/authorize?options=${options}`, { token: t.apiKey, headers: { accept: 'application/json' } });
  expect(start.statusCode, start.body).toBe(200);
  const approved = await fetch(start.json().url, { redirect: 'manual' });
  const back = new URL(approved.headers.get('location') as string);
  const callback = await hub.call('GET', `${back.pathname}${back.search}`);
  expect(callback.statusCode, callback.body).toBe(200);
  const settings = await hub.call('PUT', '/v1/settings', {
    token: t.apiKey,
    body: { connector: 'lexoffice', mode: 'invoice', invoiceStatus: 'finalized_and_sent', autoSync: true },
  });
  expect(settings.statusCode, settings.body).toBe(200);
}

function knownSecrets(issued: { kind: string; value: string }[]): KnownSecret[] {
  return [
    { label: 'admin token', value: ADMIN_TOKEN },
    { label: 'HUB_SECRET_KEY (text)', value: SECRET_KEY.toString('base64') },
    { label: 'HUB_SECRET_KEY (bytes)', value: SECRET_KEY },
    ...tenants.map((t, i) => ({ label: `tenant ${i + 1} API key`, value: t.apiKey })),
    { label: 'reference API key', value: reference.apiKey },
    { label: 'lexoffice API key', value: lexoffice.apiKey },
    { label: 'sevdesk API token', value: sevdesk.apiToken },
    { label: 'lexoffice OAuth client secret', value: oauthClient.clientSecret },
    ...wrongKeys.map((value, i) => ({ label: `refused credential ${i + 1}`, value })),
    ...issued.map((t, i) => ({ label: `lexoffice OAuth ${t.kind} ${i + 1}`, value: t.value })),
  ];
}

describe('the secrets scanner', () => {
  it('finds a planted secret in text, jsonb, bytea and a log, plain or encoded, and reports no value', async () => {
    const db = hub.database.url;
    const planted = `sk_live_${randomBytes(12).toString('hex')}`;
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      await client.query('create schema if not exists scan_probe');
      await client.query('create table scan_probe.t (a text, b jsonb, c bytea, d varchar(200)[])');
      await client.query('insert into scan_probe.t values ($1, $2, $3, $4)', [
        `x ${planted} y`,
        JSON.stringify({ nested: { token: Buffer.from(planted).toString('base64') } }),
        Buffer.from(`%PDF ${planted}`),
        [encodeURIComponent(`k=${planted}`)],
      ]);
      const report = await scanDatabaseForSecrets(db, [{ label: 'planted key', value: planted }]);
      expect(report.findings.map((f) => `${f.where}:${f.form}`).sort()).toEqual([
        'scan_probe.t.a (row 1):plain',
        'scan_probe.t.b (row 1):base64',
        'scan_probe.t.c (row 1):plain',
        'scan_probe.t.d (row 1):plain',
      ]);
      expect(JSON.stringify(report)).not.toContain(planted);
    } finally {
      await client.query('drop schema scan_probe cascade');
      await client.end();
    }
    const log = `{"level":30}\n{"level":50,"headers":{"authorization":"Bearer ${planted}"}}\n`;
    expect(scanTextForSecrets(log, 'log', [{ label: 'planted key', value: planted }])).toEqual([{ label: 'planted key', where: 'log (line 2)', form: 'plain' }]);
    // JWT-shaped tokens: the signature alone counts as a leak.
    const jwt = `eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.${randomBytes(32).toString('base64url')}`;
    expect(secretForms([{ label: 'jwt', value: jwt }]).map((f) => f.form)).toContain('jwt-signature');
  });
});

describe('after connecting, booking and failing through faults', () => {
  it('no secret is in any text, json or bytea column, nor in the hub\'s debug log', async () => {
    for (let i = 0; i < 4; i++) tenants.push(await hub.tenant(`Secrets ${i + 1}`));
    const [refT, lexKeyT, lexOAuthT, sevT] = tenants as [TestTenant, TestTenant, TestTenant, TestTenant];

    // Refused credentials are secrets too: the tool said no, the hub must still not keep or log them.
    for (const [connector, credentials, options] of [
      ['lexoffice', { apiKey: wrongKeys[0] }, { baseUrl: lexoffice.url, authBaseUrl: lexoffice.url }],
      ['sevdesk', { apiToken: wrongKeys[1] }, { baseUrl: sevdesk.url }],
    ] as const) {
      const refused = await hub.call('PUT', `/v1/connections/${connector}`, { token: lexKeyT.apiKey, body: { credentials, options } });
      expect(refused.statusCode, refused.body).toBe(422);
    }
    await connect(refT, 'reference', { credentials: { apiKey: reference.apiKey }, options: { baseUrl: reference.url } });
    await connect(lexKeyT, 'lexoffice', { credentials: { apiKey: lexoffice.apiKey }, options: { baseUrl: lexoffice.url, authBaseUrl: lexoffice.url, requestsPerSecond: 10 } });
    await connectLexofficeOAuth(lexOAuthT);
    await connect(sevT, 'sevdesk', { credentials: { apiToken: sevdesk.apiToken }, options: { baseUrl: sevdesk.url, requestsPerSecond: 10 } });

    // Faults on every tool's API: refused (429, 503), and a 504 after the write (settled through findBooked). Not
    // on lexoffice's token endpoint: a refresh answered 504 after it rotated the tokens ends the connection
    // (lexoffice revokes on reuse of the old refresh token), which is another test's subject.
    for (const [s, path] of [
      [lexoffice, '^/v1/'],
      [sevdesk, '^/'],
      [reference, '^/'],
    ] as const) {
      await s.control.injectFault({ kind: 'status', status: 429, probability: 0.15, seed: 1, match: { method: 'POST', path } });
      await s.control.injectFault({ kind: 'status', status: 503, probability: 0.1, seed: 2, match: { method: 'POST', path } });
      await s.control.injectFault({ kind: 'after_write', status: 504, probability: 0.1, seed: 3, match: { method: 'POST', path } });
    }
    const ids: [TestTenant, string][] = [];
    for (const t of tenants) {
      for (let i = 1; i <= 4; i++) {
        const number = `SEC-${tenants.indexOf(t) + 1}-${i}`;
        const res = await hub.call('POST', '/v1/invoices', { token: t.apiKey, body: invoiceBody(number, { customer: { ...(invoiceBody(number).customer as object), vatId: undefined } }) });
        expect(res.statusCode, res.body).toBe(202);
        ids.push([t, res.json().id]);
      }
    }
    for (const [t, id] of ids) await hub.waitForInvoice(t, id, ['booked', 'failed'], { timeoutMs: 90_000 });
    // Access tokens die early: the hub refreshes (new tokens issued, the old ones must not linger either).
    await fetch(new URL('/__sandbox/oauth/expire-access-tokens', lexoffice.url), { method: 'POST' });
    const more = await hub.call('POST', '/v1/invoices', { token: lexOAuthT.apiKey, body: invoiceBody('SEC-3-9', { customer: { ...(invoiceBody('x').customer as object), vatId: undefined } }) });
    await hub.waitForInvoice(lexOAuthT, more.json().id, ['booked', 'failed'], { timeoutMs: 90_000 });

    const issued = lexoffice.oauth.issued;
    expect(issued.filter((t) => t.kind === 'refresh_token').length).toBeGreaterThanOrEqual(2);
    const secrets = knownSecrets(issued);
    const db = await scanDatabaseForSecrets(hub.database.url, secrets);
    expect(db.columnNames).toEqual(expect.arrayContaining(['public.connection.secret', 'public.call_log.request', 'public.call_log.response', 'public.document.content', 'pgboss.job.data']));
    expect(db.findings, describeFindings(db.findings)).toEqual([]);
    const logs = hub.logs();
    expect(logs.length).toBeGreaterThan(1000);
    const inLogs = scanTextForSecrets(logs, 'hub log', secrets);
    expect(inLogs, describeFindings(inLogs)).toEqual([]);
    console.log(
      `[secrets] ${secrets.length} secrets (${db.forms} forms) searched in ${db.columns} columns of ${db.tables} tables (${db.values} values, ${Math.round(db.bytes / 1024)} KiB) and ${Math.round(logs.length / 1024)} KiB of debug log: none found`,
    );
  }, 240_000);
});
