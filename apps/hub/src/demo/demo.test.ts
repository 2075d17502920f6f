/**
 * Issue 6, the main job: the demo end to end, in-process, on its embedded PostgreSQL in a temporary data directory,
 * with --exit semantics. The first run books every seed example (Börse GmbH in the inbox); the second run on the
 * same data directory finds everything from the first and books nothing in its fresh sandboxes.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoResult, runDemo } from './run-demo.js';

let dataDir: string;

beforeAll(async () => {
  // The directory itself is the data directory: the embedded PostgreSQL (as root: the OS user postgres) must be
  // able to enter every directory above its cluster.
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-demo-'));
});
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function run(): Promise<{ result: DemoResult; text: string }> {
  let text = '';
  const result = await runDemo({ dataDir, exit: true, port: 0, env: {}, out: { write: (s: string) => (text += s) } });
  return { result, text };
}

const summary = (r: DemoResult) =>
  r.outcome.rows.map((row) => ({
    tenant: row.spec.key,
    kind: row.kind,
    number: row.number,
    status: row.status,
    remoteNumber: row.remoteNumber,
  }));

describe('npm run demo -- --exit', () => {
  let first: DemoResult;

  it('first run: books every seed example, Börse GmbH fails into the inbox, and the table says so', async () => {
    const { result, text } = await run();
    first = result;
    expect(result.outcome.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, exitCode: 0, createdTenants: true });
    expect(summary(result)).toEqual([
      { tenant: 'lexofficeVoucher', kind: 'invoice', number: 'RE21-01039', status: 'booked', remoteNumber: 'RE21-01039' },
      { tenant: 'lexofficeVoucher', kind: 'invoice', number: 'RE21-01040', status: 'booked', remoteNumber: 'RE21-01040' },
      { tenant: 'lexofficeVoucher', kind: 'cancellation', number: 'RE21-01041', status: 'booked', remoteNumber: 'RE21-01041' },
      { tenant: 'lexofficeVoucher', kind: 'invoice', number: 'RE21-01043', status: 'failed', remoteNumber: null },
      { tenant: 'lexofficeInvoice', kind: 'invoice', number: 'RE21-01036', status: 'booked', remoteNumber: 'RE0001' },
      { tenant: 'lexofficeInvoice', kind: 'invoice', number: 'RE21-01037', status: 'booked', remoteNumber: 'RE0002' },
      { tenant: 'lexofficeInvoice', kind: 'cancellation', number: 'RE21-01038', status: 'booked', remoteNumber: 'GS0001' },
      { tenant: 'sevdeskInvoice', kind: 'invoice', number: 'RE21-01036', status: 'booked', remoteNumber: expect.any(String) },
      { tenant: 'sevdeskInvoice', kind: 'invoice', number: 'RE21-01037', status: 'booked', remoteNumber: expect.any(String) },
      { tenant: 'sevdeskInvoice', kind: 'invoice', number: 'RE21-01039', status: 'booked', remoteNumber: expect.any(String) },
      { tenant: 'sevdeskInvoice', kind: 'invoice', number: 'RE21-01040', status: 'booked', remoteNumber: expect.any(String) },
    ]);
    expect(result.outcome.rows.every((r) => r.ok && !r.earlier)).toBe(true);
    expect(result.outcome.rows.map((r) => r.amount)).toEqual([
      '2195.50', '10495.00', '-10495.00', '416.50', '1962.00', '4284.00', '-4284.00', '1962.00', '4284.00', '2195.50', '10495.00',
    ]);

    // The inbox case: one open notification, with lexoffice's reason, and the curls to fix it.
    expect(result.outcome.openNotifications).toHaveLength(1);
    const [open] = result.outcome.openNotifications;
    expect(open!.invoiceNumber).toBe('RE21-01043');
    expect(open!.notification.message).toContain('The VAT id DE28407065 of customer Börse GmbH is invalid');
    // Two vouchers, the cancellation voucher, two invoices and the credit note; four sevdesk invoices.
    expect(result.sandboxCounts).toMatchObject({ lexoffice: { documents: 6 }, sevdesk: { documents: 4 } });

    expect(text).toMatch(/Tenant \/ tool\s+Mode\s+Document\s+Customer\s+Remote no\.\s+Status\s+EUR/);
    expect(text).toContain('✓ All 11 documents as expected: 10 booked, 1 in the inbox');
    expect(text).toContain(`${result.hubUrl}/docs`);
    expect(text).toContain(path.join(dataDir, 'admin.token'));
    expect(text).toMatch(/curl -s -H 'Authorization: Bearer hub_\S+' '[^']+\/v1\/logs\?limit=20'/);
    expect(text).toContain(open!.notification.id);
    expect(text).toContain('DE284070765');
    expect(text).toContain('/sync');
    expect(text).not.toContain('✗');
    expect(JSON.parse(await fs.readFile(path.join(dataDir, 'demo.json'), 'utf8')).tenants).toHaveProperty('lexofficeInvoice.apiKey');
  }, 60_000);

  it('second run on the same data directory: reconnects to fresh sandboxes, books nothing, shows the stored results', async () => {
    expect(first?.ok).toBe(true);
    const { result, text } = await run();
    expect(result.outcome.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, exitCode: 0, createdTenants: false });
    // Nothing reached this run's sandboxes: no document, not even a customer.
    expect(result.sandboxCounts).toEqual({ lexoffice: { documents: 0, customers: 0 }, sevdesk: { documents: 0, customers: 0 } });
    // The same invoices, with the remote numbers of the first run, every one found from it.
    expect(summary(result)).toEqual(summary(first));
    expect(result.outcome.rows.map((r) => r.invoice.id)).toEqual(first.outcome.rows.map((r) => r.invoice.id));
    expect(result.outcome.rows.every((r) => r.ok && r.earlier)).toBe(true);
    expect(result.outcome.openNotifications.map((n) => n.notification.id)).toEqual(first.outcome.openNotifications.map((n) => n.notification.id));
    expect(text).toContain('from an earlier run');
    expect(text).toContain('booked nothing twice');
  }, 60_000);
});
