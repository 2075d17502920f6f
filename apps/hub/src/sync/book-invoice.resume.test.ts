/**
 * Found by the chaos run (issue 7): sevdesk creates an invoice as a draft and finalizes it in a second call
 * (sendBy / sendViaEmail). When that second call failed (a 503, or the process died), the hub settled the
 * uncertain outcome with findBooked, found the draft, and marked the invoice booked: a draft without a number
 * in the tool, never finalized, never sent. A draft found for a finalized booking is an unfinished one: the hub
 * calls bookInvoice again, which takes the draft up by its reference and finishes it, still exactly once.
 */
import { createSevdeskSandbox, type SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import { seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

let hub: TestHub;
let sandbox: SevdeskSandbox;

beforeAll(async () => {
  [sandbox, hub] = await Promise.all([createSevdeskSandbox({ requestsPerSecond: 50 }), startTestHub({ env: { SYNC_RETRY_BASE_MS: '50' } })]);
});
afterAll(async () => {
  await hub?.close();
  await sandbox?.close();
});

async function tenantWith(invoiceStatus: 'finalized' | 'finalized_and_sent'): Promise<TestTenant> {
  const tenant = await hub.tenant(`Fortsetzung ${invoiceStatus}`);
  const connect = await hub.call('PUT', '/v1/connections/sevdesk', {
    token: tenant.apiKey,
    body: { credentials: { apiToken: sandbox.apiToken }, options: { baseUrl: sandbox.url, requestsPerSecond: 20 } },
  });
  expect(connect.statusCode, connect.body).toBe(200);
  const settings = await hub.call('PUT', '/v1/settings', { token: tenant.apiKey, body: { connector: 'sevdesk', mode: 'invoice', invoiceStatus } });
  expect(settings.statusCode, settings.body).toBe(200);
  return tenant;
}

describe('a finalized booking whose finalize step failed', () => {
  for (const [status, path, number] of [
    ['finalized', '/sendBy$', 'RE-RESUME-1'],
    ['finalized_and_sent', '/sendViaEmail$', 'RE-RESUME-2'],
  ] as const) {
    it(`${status}: the draft found by findBooked is finished, not booked as a draft`, async () => {
      const tenant = await tenantWith(status);
      await sandbox.control.injectFault({ kind: 'status', status: 503, match: { path } });
      const res = await hub.call('POST', '/v1/invoices', { token: tenant.apiKey, body: { ...seedInvoiceInputs.jannikHuber, number } });
      expect(res.statusCode, res.body).toBe(202);
      const booked = await hub.waitForInvoice(tenant, res.json().id, ['booked', 'failed']);
      expect(booked.status).toBe('booked');
      const remote = booked.remote as { id: string; number: string | null; status: string };
      const docs = (await sandbox.control.documents()).filter((d) => d.kind === 'invoice' && d.reference === `hub:${res.json().id}`);
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({ id: remote.id, status: 'open' });
      expect(remote.number).toBe(docs[0]!.number);
      expect(remote.status).not.toBe('draft');
      if (status === 'finalized_and_sent') expect(sandbox.state.emails.filter((e) => e.invoiceId === Number(remote.id))).toHaveLength(1);
    });
  }
});
