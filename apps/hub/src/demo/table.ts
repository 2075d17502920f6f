import { CORRECTED_BOERSE_VAT_ID, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import type { DemoOutcome, DocumentRow } from './outcome.js';
import type { SandboxCounts } from './sandboxes.js';
import { type DemoTenantSpec, modeLabel } from './scenarios.js';
import type { SavedTenant } from './state-file.js';

export interface ReportContext {
  hubUrl: string;
  dataDir: string;
  /** null: the admin token came from HUB_ADMIN_TOKEN. */
  adminTokenFile: string | null;
  logFile: string;
  tenants: { spec: DemoTenantSpec; tenant: SavedTenant }[];
  sandboxes: { lexoffice: string; sevdesk: string; counts: SandboxCounts };
  /** Whether the hub keeps serving after the table (no --exit). */
  serving: boolean;
  elapsedMs: number;
}

/** Text columns padded to their widest cell; `right` columns aligned right. */
export function renderTable(headers: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** 10495.00 → 10,495.00; -10495.00 → -10,495.00. */
export function formatAmount(amount: string): string {
  const [int = '', frac] = amount.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** A word for a POSIX shell, in single quotes. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function note(row: DocumentRow): string {
  const parts: string[] = [];
  if (row.kind === 'cancellation') parts.push(`cancels ${row.invoice.number}`);
  if (row.notification) parts.push('refused by the tool → inbox');
  if (row.fixedByTenant) parts.push('booked after your correction');
  if (row.earlier) parts.push('from an earlier run');
  if (!row.ok) parts.push('UNEXPECTED');
  return parts.join('; ');
}

/** The table: one row per document (invoice or cancellation). */
export function renderDocuments(rows: DocumentRow[]): string {
  return renderTable(
    ['', 'Tenant / tool', 'Mode', 'Document', 'Customer', 'Remote no.', 'Status', 'EUR', 'Note'],
    rows.map((r) => [
      r.ok ? '✓' : '✗',
      `${r.spec.label} / ${r.spec.connector}`,
      modeLabel(r.spec),
      r.number,
      r.customer,
      r.remoteNumber ?? '—',
      r.status,
      r.amount ? formatAmount(r.amount) : '',
      note(r),
    ]),
    new Set([7]),
  );
}

function summary(outcome: DemoOutcome, elapsedMs: number): string {
  const secs = `${(elapsedMs / 1000).toFixed(1)} s`;
  if (!outcome.ok) {
    return [`✗ Not as expected (${secs}):`, ...outcome.problems.map((p) => `  - ${p}`)].join('\n');
  }
  const n = outcome.rows.length;
  const inbox = outcome.rows.filter((r) => r.notification).length;
  const booked = outcome.rows.filter((r) => r.status === 'booked').length;
  const earlier = outcome.rows.filter((r) => r.earlier).length;
  const again =
    earlier === n
      ? ' All of them were handed in by an earlier run: the hub answered with the stored invoices and booked nothing twice.'
      : earlier > 0
        ? ` ${earlier} of them were handed in by an earlier run and not booked again.`
        : '';
  return `✓ All ${n} documents as expected: ${booked} booked, ${inbox} in the inbox (${secs}).${again}`;
}

/** "Where to look": the API docs, the admin token, the call log per tenant, the open notifications and how to fix them. */
function whereToLook(outcome: DemoOutcome, ctx: ReportContext): string {
  const url = ctx.hubUrl;
  const bearer = (key: string) => `-H ${shellQuote(`Authorization: Bearer ${key}`)}`;
  const out: string[] = ['Where to look'];
  out.push(`  API docs      ${url}/docs   (OpenAPI: ${url}/openapi.json)`);
  if (ctx.adminTokenFile) {
    out.push(`  Admin token   in ${ctx.adminTokenFile}, e.g. every tenant's inbox:`);
    out.push(`                curl -s -H "Authorization: Bearer $(cat ${shellQuote(ctx.adminTokenFile)})" ${shellQuote(`${url}/v1/notifications?state=open`)}`);
  } else {
    out.push('  Admin token   HUB_ADMIN_TOKEN (from the environment)');
  }
  out.push('  Call log      every call the hub made to the tool, request and response, newest first:');
  const width = Math.max(...ctx.tenants.map((t) => t.spec.label.length));
  for (const { spec, tenant } of ctx.tenants) {
    out.push(`    ${`${spec.label}:`.padEnd(width + 1)}  curl -s ${bearer(tenant.apiKey)} ${shellQuote(`${url}/v1/logs?limit=20`)}`);
  }

  const open = outcome.openNotifications;
  out.push(`  Inbox         ${open.length === 0 ? 'no open notification' : `${open.length} open notification${open.length === 1 ? '' : 's'}`}`);
  for (const { spec, notification, invoiceNumber } of open) {
    const tenant = ctx.tenants.find((t) => t.spec.key === spec.key)!.tenant;
    out.push(`    ${spec.label}${invoiceNumber ? `, ${invoiceNumber}` : ''}, ${notification.kind} ${notification.id}:`);
    out.push(`      ${notification.message}`);
    const row = outcome.rows.find((r) => r.notification?.id === notification.id);
    if (row?.invoice.scenario.seed === 'boerseGmbH') {
      const { ref, ...customer } = seedInvoiceInputs.boerseGmbH.customer;
      const corrected = JSON.stringify({ ...customer, vatId: CORRECTED_BOERSE_VAT_ID });
      out.push(`    To fix it, correct the VAT id (${customer.vatId} → ${CORRECTED_BOERSE_VAT_ID}) and book it again:`);
      out.push(
        `      curl -s -X PUT ${bearer(tenant.apiKey)} -H 'Content-Type: application/json' ${shellQuote(`${url}/v1/customers/${ref}`)} -d ${shellQuote(corrected)}`,
      );
      out.push(`      curl -s -X POST ${bearer(tenant.apiKey)} ${shellQuote(`${url}/v1/invoices/${row.invoice.id}/sync`)}`);
      out.push('    (or, booked by hand in the tool:');
      out.push(`      curl -s -X POST ${bearer(tenant.apiKey)} ${shellQuote(`${url}/v1/notifications/${notification.id}/resolve`)} )`);
    }
  }
  const { counts } = ctx.sandboxes;
  const docs = (n: number) => `${n} document${n === 1 ? '' : 's'} booked by this run`;
  out.push(
    `  Sandboxes     lexoffice ${ctx.sandboxes.lexoffice} (${docs(counts.lexoffice.documents)}), sevdesk ${ctx.sandboxes.sevdesk} (${docs(counts.sevdesk.documents)})`,
  );
  out.push('                in memory, new on every run; what they hold: GET <sandbox>/__sandbox/documents');
  out.push(`  Data          ${ctx.dataDir} (embedded PostgreSQL in pg/, the demo's tenants in demo.json, the hub's log in ${ctx.logFile.split('/').pop()})`);
  return out.join('\n');
}

/** Everything printed after the work: table, verdict, where to look, and whether the hub is still there. */
export function renderReport(outcome: DemoOutcome, ctx: ReportContext): string {
  const tail = ctx.serving
    ? `The hub keeps serving on ${ctx.hubUrl}. Press Ctrl-C to stop it.`
    : 'The hub has stopped (--exit); run the demo without --exit to keep it serving and try the commands above.';
  return [renderDocuments(outcome.rows), '', summary(outcome, ctx.elapsedMs), '', whereToLook(outcome, ctx), '', tail, ''].join('\n');
}
