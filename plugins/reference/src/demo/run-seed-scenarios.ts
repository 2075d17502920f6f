/**
 * Books the SEMCO guide's worked examples through the reference connector against its sandbox and prints what
 * happened. This is the project's main job until the hub exists; then the hub's demo replaces it.
 */
import {
  type BookkeepingItem,
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type Invoice,
  type InvoiceTotals,
  type RemoteCustomer,
  type RemoteDocument,
  computeTotals,
  createHttpClient,
  groupBookkeepingItems,
  MemoryRateLimitStore,
  silentLogger,
} from '@accounting-hub/core';
import { seedCancellations, seedInvoices } from '@accounting-hub/core/seeds';
import { connector } from '../connector.js';
import type { ReferenceCredentials, ReferenceOptions } from '../manifest.js';
import { createReferenceSandbox } from '../sandbox/index.js';

type Ctx = ConnectorContext<ReferenceCredentials, ReferenceOptions>;
type Row = { scenario: string; mode: string; number: string; remote: string; total: string; outcome: string };

async function book(c: Connector<ReferenceCredentials, ReferenceOptions>, ctx: Ctx, inv: Invoice, mode: 'invoice' | 'voucher') {
  const { customer } = await c.upsertCustomer(ctx, { customer: inv.customer, remote: null });
  const totals = computeTotals(inv.taxMode, inv.lines);
  const items = groupBookkeepingItems(totals);
  const reference = `demo:${inv.number}`;
  if (mode === 'invoice') {
    const { document } = await c.bookInvoice(ctx, { invoice: inv, customer, status: 'finalized', totals, reference });
    return { customer, totals, items, document };
  }
  const res = await c.bookVoucher(ctx, { invoice: inv, customer, totals, items, file: inv.document, reference });
  if (!res.fileAttached && inv.document) await c.attachDocument(ctx, { document: res.document, file: inv.document });
  return { customer, totals, items, document: res.document };
}

async function cancel(
  c: Connector<ReferenceCredentials, ReferenceOptions>,
  ctx: Ctx,
  booked: { customer: RemoteCustomer; totals: InvoiceTotals; items: BookkeepingItem[]; document: RemoteDocument },
  inv: Invoice,
  mode: 'invoice' | 'voucher',
  cancellation: (typeof seedCancellations)[keyof typeof seedCancellations],
) {
  const res = await c.credit(ctx, {
    mode,
    original: { invoice: inv, document: booked.document, totals: booked.totals, items: booked.items },
    cancellation,
    customer: booked.customer,
    reference: `demo:${cancellation.number}`,
  });
  if (!res.fileAttached && cancellation.document) await c.attachDocument(ctx, { document: res.document, file: cancellation.document });
  return res.document;
}

async function main(): Promise<void> {
  const started = Date.now();
  const sandbox = await createReferenceSandbox();
  const credentials = { apiKey: sandbox.apiKey };
  const ctx: Ctx = {
    tenant: { id: 'demo-tenant', name: 'SEMCO Akademie' },
    connection: { id: 'demo', auth: { kind: 'api_token', credentials }, options: { baseUrl: sandbox.url }, state: {} },
    logger: silentLogger,
    http: createHttpClient({
      rateLimitKey: 'reference:demo',
      rateLimit: connector.manifest.rateLimit,
      store: new MemoryRateLimitStore(),
      secrets: [credentials.apiKey],
    }),
  };
  const rows: Row[] = [];
  const note = (scenario: string, mode: string, inv: { number: string }, doc: RemoteDocument | null, total: string, outcome: string) =>
    rows.push({ scenario, mode, number: inv.number, remote: doc ? `${doc.kind} ${doc.number ?? doc.id}` : '-', total, outcome });

  try {
    const account = await connector.testConnection(ctx);
    ctx.connection.state = account.state ?? {};
    console.log(`Connected to the reference sandbox at ${sandbox.url} as "${account.account.name}".\n`);

    for (const key of ['jannikHuber', 'jodelUndSoehne'] as const) {
      const b = await book(connector, ctx, seedInvoices[key], 'invoice');
      note(key, 'invoice', seedInvoices[key], b.document, b.totals.totalGross, 'booked');
      if (key === 'jodelUndSoehne') {
        const credit = await cancel(connector, ctx, b, seedInvoices[key], 'invoice', seedCancellations.jodelUndSoehne);
        note(`${key} (cancellation)`, 'invoice', seedCancellations.jodelUndSoehne, credit, b.totals.totalGross, 'credit note');
      }
    }
    for (const key of ['bettinaWolf', 'iLearn'] as const) {
      const b = await book(connector, ctx, seedInvoices[key], 'voucher');
      note(key, 'voucher', seedInvoices[key], b.document, b.totals.totalGross, `booked, ${b.items.length} item(s), PDF attached`);
      if (key === 'iLearn') {
        const credit = await cancel(connector, ctx, b, seedInvoices[key], 'voucher', seedCancellations.iLearn);
        note(`${key} (cancellation)`, 'voucher', seedCancellations.iLearn, credit, b.totals.totalGross, 'income reduction');
      }
    }
    try {
      await book(connector, ctx, seedInvoices.boerseGmbH, 'voucher');
      note('boerseGmbH', 'voucher', seedInvoices.boerseGmbH, null, '-', 'UNEXPECTEDLY BOOKED');
    } catch (e) {
      if (!(e instanceof ConnectorError) || e.kind !== 'validation') throw e;
      note('boerseGmbH', 'voucher', seedInvoices.boerseGmbH, null, '-', `refused: ${e.message}`);
    }

    const docs = await sandbox.control.documents();
    printTable(rows);
    console.log(`\n${docs.length} documents in the sandbox; ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    const unexpected = rows.some((r) => r.outcome.startsWith('UNEXPECTEDLY'));
    process.exitCode = unexpected ? 1 : 0;
  } finally {
    await sandbox.close();
  }
}

function printTable(rows: Row[]): void {
  const headers: Row = { scenario: 'scenario', mode: 'mode', number: 'number', remote: 'remote', total: 'total EUR', outcome: 'outcome' };
  const cols = Object.keys(headers) as (keyof Row)[];
  const width = (k: keyof Row) => Math.max(...[headers, ...rows].map((r) => r[k].length));
  const line = (r: Row) =>
    cols.map((k) => (k === 'total' ? r[k].padStart(width(k)) : r[k].padEnd(width(k)))).join('  ').trimEnd();
  console.log(line(headers));
  console.log(cols.map((k) => '-'.repeat(width(k))).join('  '));
  for (const r of rows) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
