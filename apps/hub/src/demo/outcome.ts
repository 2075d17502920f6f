import { Dec } from '@accounting-hub/core';
import { seedInvoiceInputs } from '@accounting-hub/core/seeds';
import type { HubClient } from './http-client.js';
import type { DemoTenantSpec } from './scenarios.js';
import { invoiceSettled } from './settle.js';
import type { TrackedInvoice } from './submit.js';

/** GET /v1/notifications, the parts the demo reads. */
export interface NotificationView {
  id: string;
  tenantId: string;
  invoiceId: string | null;
  kind: string;
  message: string;
  state: 'open' | 'resolved';
  resolution: 'synced' | 'manual' | null;
}

/** One line of the table: an invoice or a cancellation, with what came of it and whether that was expected. */
export interface DocumentRow {
  spec: DemoTenantSpec;
  invoice: TrackedInvoice;
  kind: 'invoice' | 'cancellation';
  number: string;
  customer: string;
  remoteNumber: string | null;
  status: string;
  /** Gross amount, two decimals; a cancellation's is negative. Empty when unknown. */
  amount: string;
  /** Handed in by an earlier run (this run found it in the hub). */
  earlier: boolean;
  expected: 'booked' | 'inbox';
  ok: boolean;
  /** What went wrong, when not ok. */
  problem?: string;
  /** The open notification of an expected inbox case. */
  notification?: NotificationView;
  /** Expected in the inbox, but the tenant corrected it after an earlier run and it is booked now. */
  fixedByTenant?: boolean;
}

export interface DemoOutcome {
  rows: DocumentRow[];
  /** Open notifications of the demo's tenants (the expected inbox case and anything else). */
  openNotifications: { spec: DemoTenantSpec; notification: NotificationView; invoiceNumber: string | null }[];
  /** Everything that ended unexpectedly, one sentence each; empty when all is as expected. */
  problems: string[];
  ok: boolean;
}

export function customerName(seed: keyof typeof seedInvoiceInputs): string {
  const c: { type: string; firstName?: string; lastName?: string; companyName?: string } = seedInvoiceInputs[seed].customer;
  return c.type === 'company' ? (c.companyName ?? '') : [c.firstName, c.lastName].filter(Boolean).join(' ');
}

const amountOf = (gross: number | undefined, negate: boolean): string => {
  if (gross === undefined) return '';
  const value = new Dec(String(gross));
  return (negate ? value.neg() : value).toFixed(2);
};

const errorText = (e: { message?: string } | null | undefined) => (e?.message ? `: ${e.message}` : '');

/** Reads the tenants' notifications and judges every document against what the demo expects of it. */
export async function evaluate(client: HubClient, tracked: TrackedInvoice[]): Promise<DemoOutcome> {
  const tenants = [...new Map(tracked.map((t) => [t.tenant.id, t])).values()];
  const notifications = new Map<string, NotificationView[]>();
  for (const t of tenants) {
    const res = await client.expect<{ items: NotificationView[] }>([200], 'GET', '/v1/notifications?limit=500', { token: t.tenant.apiKey });
    notifications.set(t.tenant.id, res.body.items);
  }

  const rows: DocumentRow[] = [];
  for (const t of tracked) {
    const v = t.view;
    const settled = invoiceSettled(t);
    const mine = (notifications.get(t.tenant.id) ?? []).filter((n) => n.invoiceId === t.id);
    const base = { spec: t.spec, invoice: t, customer: customerName(t.scenario.seed) };

    const row: DocumentRow = {
      ...base,
      kind: 'invoice',
      number: t.number,
      remoteNumber: v?.remote?.number ?? null,
      status: v?.status ?? 'unknown',
      amount: amountOf(v?.totalGross, false),
      earlier: t.earlier,
      expected: t.scenario.expect,
      ok: false,
    };
    if (!settled && v && !['booked', 'failed', 'resolved'].includes(v.status)) {
      row.problem = `${t.number} (${t.spec.name}) did not settle in time: still ${v.status}${errorText(v.lastError)}`;
    } else if (t.scenario.expect === 'booked') {
      row.ok = v?.status === 'booked' && !!v.remote?.number;
      if (!row.ok) row.problem = `${t.number} (${t.spec.name}) should be booked, is ${row.status}${errorText(v?.lastError)}`;
    } else {
      const open = mine.find((n) => n.state === 'open' && n.kind === 'sync_failed');
      const fixed = mine.find((n) => n.state === 'resolved' && n.resolution === 'synced');
      if (v?.status === 'failed' && open) {
        row.ok = true;
        row.notification = open;
      } else if (v?.status === 'booked' && fixed) {
        row.ok = true;
        row.fixedByTenant = true;
      } else {
        row.problem = `${t.number} (${t.spec.name}) should have failed into the inbox, is ${row.status}${open ? '' : ' without an open notification'}`;
      }
    }
    rows.push(row);

    if (t.cancel) {
      const c = v?.cancellation ?? null;
      const status = t.cancel.error ? 'failed' : (c?.status ?? (v?.status === 'booked' ? 'pending' : 'not requested'));
      const cancelRow: DocumentRow = {
        ...base,
        kind: 'cancellation',
        number: t.cancel.number,
        remoteNumber: c?.remote?.number ?? null,
        status,
        amount: amountOf(v?.totalGross, true),
        earlier: t.cancel.earlier === true,
        expected: 'booked',
        ok: status === 'booked' && !!c?.remote?.number,
      };
      if (!cancelRow.ok) {
        cancelRow.problem = `cancellation ${t.cancel.number} of ${t.number} (${t.spec.name}) should be booked, is ${status}${t.cancel.error ? `: ${t.cancel.error}` : errorText(c?.lastError)}`;
      }
      rows.push(cancelRow);
    }
  }

  const expectedInbox = new Set(rows.filter((r) => r.notification).map((r) => r.notification!.id));
  const openNotifications: DemoOutcome['openNotifications'] = [];
  const problems = rows.flatMap((r) => (r.problem ? [r.problem] : []));
  for (const t of tenants) {
    for (const n of notifications.get(t.tenant.id) ?? []) {
      if (n.state !== 'open') continue;
      const invoiceNumber = tracked.find((x) => x.id === n.invoiceId)?.number ?? null;
      openNotifications.push({ spec: t.spec, notification: n, invoiceNumber });
      if (!expectedInbox.has(n.id)) problems.push(`unexpected open notification for ${t.spec.name} (${n.kind}): ${n.message}`);
    }
  }
  return { rows, openNotifications, problems, ok: problems.length === 0 };
}
