/**
 * Issue 6, the restart: a hub process is killed with SIGKILL in the middle of a backlog of 30 invoices, at the worst
 * moment (lexoffice has accepted a voucher whose answer the hub is still waiting for), and a new hub process is
 * started on the same database. Every invoice ends up booked exactly once: one voucher per number in the sandbox,
 * none lost, none doubled, the one in flight found instead of created again.
 */
import { samplePdfDocument } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectedTenant,
  connectTenant,
  createTestPostgres,
  eventually,
  type HubProcess,
  hubClient,
  type SandboxProcess,
  sleep,
  startHubProcess,
  startSandboxProcess,
  type TestPostgres,
} from './harness/index.js';
import { CONNECTION_RPS, lexofficeRaw, SANDBOX_RPS, sha256OfBase64 } from './support/scenarios.js';

const COUNT = 30;
const number = (i: number) => `RE24-${String(1000 + i)}`;

const customers = ['Alpha', 'Beta', 'Gamma'].map((name, i) => ({
  ref: `KD-${i + 1}`,
  type: 'company' as const,
  companyName: `${name} Seminare GmbH`,
  address: { street: `Hauptstraße ${i + 1}`, zip: '10115', city: 'Berlin', countryCode: 'DE' },
  email: `buchhaltung@${name.toLowerCase()}.example`,
}));

/** Invoice i: 2 days at (400 + i) EUR and a script at 7 %, so every number has its own amounts. */
function invoiceBody(i: number) {
  const dayRate = 400 + i;
  return {
    number: number(i),
    date: '2024-03-01',
    dueDate: '2024-03-15',
    serviceDate: '2024-02-28',
    currency: 'EUR',
    taxMode: 'net',
    customer: customers[i % customers.length],
    lines: [
      { title: 'Seminartag', quantity: 2, unitName: 'Tag', unitPrice: dayRate, taxRate: 19 },
      { title: 'Skript', quantity: 1, unitName: 'Stück', unitPrice: '12.50', taxRate: 7 },
    ],
    document: samplePdfDocument(`${number(i)}.pdf`, `Rechnung ${number(i)}`),
  };
}

/** Net 2 x dayRate + 12.50; tax 19 % of the days + 0.88; to the cent. */
function expectedGross(i: number): string {
  const days = 2 * (400 + i);
  const cents = Math.round(days * 100) + 1250 + Math.round(days * 19) + 88;
  return (cents / 100).toFixed(2);
}

// Both hub processes: the sweep every second, so the second one queues again what the first left behind at once.
const HUB_ENV = { SWEEP_CRON: '* * * * * *' };

let db: TestPostgres;
let sandbox: SandboxProcess<'lexoffice'>;
let first: HubProcess;
let second: HubProcess | undefined;
let tenant: ConnectedTenant;
const ids = new Map<string, string>();

beforeAll(async () => {
  db = await createTestPostgres();
  [sandbox, first] = await Promise.all([
    startSandboxProcess('lexoffice', { requestsPerSecond: SANDBOX_RPS }),
    startHubProcess({ env: { DATABASE_URL: db.url, ...HUB_ENV }, name: 'hub-first' }),
  ]);
  tenant = await connectTenant({
    admin: hubClient(first.url, first.adminToken),
    sandbox,
    name: 'Seminarhaus (Neustart)',
    settings: { mode: 'voucher' },
    requestsPerSecond: CONNECTION_RPS,
  });
});

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop(), sandbox?.stop()]);
  await db?.drop();
});

/**
 * The number of the voucher lexoffice has accepted but whose answer it holds back: in the sandbox while its invoice
 * is still syncing in the hub without a remote, and still so a while later. (A voucher created just before the
 * fault was injected is unrecorded for a few milliseconds only; the held one stays so for the fault's 30 s.)
 */
async function heldVoucherNumber(): Promise<string> {
  const deadline = Date.now() + 45_000;
  const unrecorded = async (num: string | null) => {
    const id = ids.get(num ?? '');
    if (!id) return false;
    const invoice = await tenant.api.getInvoice(id);
    return invoice.status === 'syncing' && invoice.remote === null;
  };
  while (Date.now() < deadline) {
    for (const doc of await sandbox.control.documents()) {
      if (!(await unrecorded(doc.number))) continue;
      await sleep(1500);
      if (await unrecorded(doc.number)) return doc.number!;
    }
    await sleep(50);
  }
  throw new Error('no voucher stayed unrecorded in the hub after lexoffice accepted it');
}

describe('a hub process killed with SIGKILL in the middle of a backlog', () => {
  it('books every invoice exactly once after a new process starts on the same database', async () => {
    for (let i = 1; i <= COUNT; i++) ids.set(number(i), (await tenant.api.createInvoice(invoiceBody(i))).id);

    // Let the backlog get going, then make lexoffice accept the next voucher but hold its answer back.
    await eventually(() => sandbox.control.documents(), (docs) => docs.length >= 5, { what: '5 vouchers in the sandbox', timeoutMs: 60_000 });
    await sandbox.control.injectFault({
      kind: 'after_write',
      match: { method: 'POST', path: '^/v1/vouchers$' },
      status: 504,
      delayMs: 30_000,
    });
    const inFlight = await heldVoucherNumber();

    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const atKill = await sandbox.control.documents();
    expect(atKill.length).toBeLessThan(COUNT); // the kill really came in the middle of the backlog
    expect(atKill.map((d) => d.number)).toContain(inFlight);

    // No clock is moved: the dead process's job loses its heartbeat and its claim lapses within seconds, and the
    // new process takes both over by itself.
    second = await startHubProcess({ env: { DATABASE_URL: db.url, ...HUB_ENV }, name: 'hub-second' });
    const api = hubClient(second.url, tenant.tenant.apiKey);
    const restarted = Date.now();
    for (const id of ids.values()) await api.waitForStatus(id, 'booked', { timeoutMs: 90_000 });
    console.info(`every invoice booked ${Math.round((Date.now() - restarted) / 1000)} s after the restart`);

    // Exactly once, read back from lexoffice by number: one voucher per invoice, the hub pointing at it.
    const docs = await sandbox.control.documents();
    const byNumber = new Map<string, typeof docs>();
    for (const doc of docs) byNumber.set(doc.number ?? '', [...(byNumber.get(doc.number ?? '') ?? []), doc]);
    expect([...byNumber.keys()].sort()).toEqual([...ids.keys()].sort());
    const raw = await lexofficeRaw(sandbox);
    for (let i = 1; i <= COUNT; i++) {
      const vouchers = byNumber.get(number(i)) ?? [];
      expect(vouchers, number(i)).toHaveLength(1);
      const [voucher] = vouchers;
      expect(voucher, number(i)).toMatchObject({ kind: 'voucher', totalGross: expectedGross(i) });
      const invoice = await api.getInvoice(ids.get(number(i))!);
      expect(invoice.remote, number(i)).toMatchObject({ connector: 'lexoffice', kind: 'voucher', id: voucher!.id, number: number(i) });
      // The tenant's PDF is on every voucher, the one in flight at the kill included. (At least one: the per-tenant
      // job cap is soft, so an upload of another invoice may have been cut by the kill and repeated.)
      const files = raw.files.filter((f) => f.voucherId === voucher!.id);
      expect(files.length, number(i)).toBeGreaterThanOrEqual(1);
      expect(new Set(files.map((f) => f.sha256)), number(i)).toEqual(new Set([sha256OfBase64(invoiceBody(i).document.contentBase64)]));
    }
    const inFlightVoucher = byNumber.get(inFlight)![0]!;
    expect(raw.files.filter((f) => f.voucherId === inFlightVoucher.id)).toHaveLength(1);

    // The second process settled the voucher in flight by looking it up, not by creating it again.
    const inFlightCalls = await api.logs({ invoiceId: ids.get(inFlight)! });
    expect(inFlightCalls.some((c) => c.method === 'GET' && c.path.startsWith('/v1/voucherlist'))).toBe(true);
    // One customer per customer ref in lexoffice as well: the restart did not create any twice.
    expect((await sandbox.control.customers()).map((c) => c.name).sort()).toEqual(customers.map((c) => c.companyName).sort());
  });
});
