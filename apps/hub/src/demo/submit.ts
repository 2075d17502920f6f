import { seedCancellations, seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { DemoError, describeBody, type HubClient } from './http-client.js';
import type { Progress } from './progress.js';
import type { DemoTenantSpec, InvoiceScenario } from './scenarios.js';
import type { SavedTenant } from './state-file.js';

/** GET /v1/invoices/{id}, the parts the demo reads. */
export interface InvoiceView {
  id: string;
  number: string;
  status: 'pending' | 'syncing' | 'booked' | 'failed' | 'resolved';
  attempts: number;
  totalGross: number;
  lastError: { message?: string } | null;
  remote: RemoteView | null;
  cancellation: {
    number: string;
    status: 'pending' | 'syncing' | 'booked' | 'failed';
    lastError: { message?: string } | null;
    remote: RemoteView | null;
  } | null;
}

export interface RemoteView {
  connector: string;
  kind: string;
  id: string;
  number: string | null;
  status: string | null;
}

/** A seed invoice the demo handed in, and how far its cancellation (if it has one) got. */
export interface TrackedInvoice {
  spec: DemoTenantSpec;
  tenant: SavedTenant;
  scenario: InvoiceScenario;
  id: string;
  number: string;
  /** The hub knew it already (200 with the stored invoice): an earlier run handed it in. */
  earlier: boolean;
  cancel?: {
    number: string;
    /** null until requested; true when the hub had it already (409 already_cancelled). */
    earlier: boolean | null;
    /** Why requesting it failed (then it counts as settled and unexpected). */
    error?: string;
  };
  view?: InvoiceView;
}

/**
 * POST /v1/invoices with each seed's raw body, tenant after tenant. The hub answers 202 for a new invoice and
 * 200 with the stored one for a repeat (same number, same body): a second run books nothing twice.
 */
export async function submitInvoices(
  client: HubClient,
  tenants: { spec: DemoTenantSpec; tenant: SavedTenant }[],
  progress: Progress,
): Promise<TrackedInvoice[]> {
  const total = tenants.reduce((n, t) => n + t.spec.invoices.length, 0);
  const tracked: TrackedInvoice[] = [];
  for (const { spec, tenant } of tenants) {
    for (const scenario of spec.invoices) {
      const body = seedInvoiceInputs[scenario.seed];
      const res = await client.call<{ id?: string }>('POST', '/v1/invoices', { token: tenant.apiKey, body });
      if ((res.status !== 202 && res.status !== 200) || !res.body.id) {
        throw new DemoError(`POST /v1/invoices (${body.number} for ${spec.name}) answered ${res.status}: ${describeBody(res.body)}`);
      }
      tracked.push({
        spec,
        tenant,
        scenario,
        id: res.body.id,
        number: body.number,
        earlier: res.status === 200,
        ...(scenario.cancel ? { cancel: { number: seedCancellations[scenario.cancel].number, earlier: null } } : {}),
      });
      progress.update(`submitted ${tracked.length}/${total} invoices`);
    }
  }
  return tracked;
}

/**
 * POST /v1/invoices/{id}/cancel once the invoice is booked (the hub cancels booked invoices only). 409
 * `already_cancelled` means an earlier run requested it: nothing new is booked.
 */
export async function requestCancellation(client: HubClient, invoice: TrackedInvoice): Promise<void> {
  const cancel = invoice.cancel;
  const seed = invoice.scenario.cancel;
  if (!cancel || !seed || cancel.earlier !== null) return;
  const res = await client.call<{ error?: { code?: string } }>('POST', `/v1/invoices/${invoice.id}/cancel`, {
    token: invoice.tenant.apiKey,
    body: seedCancellations[seed],
  });
  if (res.status === 202) cancel.earlier = false;
  else if (res.status === 409 && res.body.error?.code === 'already_cancelled') cancel.earlier = true;
  else {
    cancel.earlier = false;
    cancel.error = `POST /v1/invoices/{id}/cancel answered ${res.status}: ${describeBody(res.body)}`;
  }
}
