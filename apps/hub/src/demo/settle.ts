import type { HubClient } from './http-client.js';
import type { Progress } from './progress.js';
import { type InvoiceView, requestCancellation, type TrackedInvoice } from './submit.js';

const FINAL_INVOICE = new Set(['booked', 'failed', 'resolved']);
const FINAL_CANCELLATION = new Set(['booked', 'failed']);

/** Whether the invoice and its cancellation are done (booked, or failed for good). */
export function invoiceSettled(t: TrackedInvoice): boolean {
  const v = t.view;
  if (!v || !FINAL_INVOICE.has(v.status)) return false;
  if (!t.cancel || t.cancel.error) return true;
  // A cancellation is requested only for a booked invoice; one that failed or was resolved by hand has none.
  if (v.status !== 'booked') return true;
  return v.cancellation !== null && FINAL_CANCELLATION.has(v.cancellation.status);
}

export interface SettleOptions {
  timeoutMs: number;
  pollMs?: number;
  progress: Progress;
  total: number;
  signal?: AbortSignal | undefined;
}

/**
 * Polls GET /v1/invoices/{id} until every invoice and cancellation is settled or the time is up. Cancellations are
 * requested here, as soon as their invoice is booked. Answers whether everything settled in time.
 */
export async function settle(client: HubClient, tracked: TrackedInvoice[], opts: SettleOptions): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    opts.signal?.throwIfAborted();
    await Promise.all(
      tracked.map(async (t) => {
        if (invoiceSettled(t)) return;
        const res = await client.expect<InvoiceView>([200], 'GET', `/v1/invoices/${t.id}`, { token: t.tenant.apiKey });
        t.view = res.body;
        if (t.view.status === 'booked' && t.cancel && t.cancel.earlier === null) {
          await requestCancellation(client, t);
          opts.progress.step(
            t.cancel.error
              ? `cancellation ${t.cancel.number} of ${t.number} refused: ${t.cancel.error}`
              : t.cancel.earlier
                ? `cancellation ${t.cancel.number} of ${t.number} was requested by an earlier run`
                : `${t.number} is booked: requested its cancellation ${t.cancel.number} (POST /v1/invoices/{id}/cancel)`,
          );
          if (!t.cancel.earlier && !t.cancel.error) {
            // Read again: the answer before the request shows no cancellation yet.
            t.view = (await client.expect<InvoiceView>([200], 'GET', `/v1/invoices/${t.id}`, { token: t.tenant.apiKey })).body;
          }
        }
      }),
    );
    const counts = countDocuments(tracked);
    opts.progress.update(
      `booked ${counts.booked}/${opts.total}, failed ${counts.failed}${counts.waiting ? `, waiting for ${counts.waiting}` : ''}`,
    );
    if (tracked.every(invoiceSettled)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(opts.pollMs ?? 250, opts.signal);
  }
}

/** Documents (invoices and cancellations) by state, for the progress line. */
export function countDocuments(tracked: TrackedInvoice[]): { settled: number; booked: number; failed: number; waiting: number } {
  let booked = 0;
  let failed = 0;
  let waiting = 0;
  const add = (status: string | undefined) => {
    if (status === 'booked' || status === 'resolved') booked++;
    else if (status === 'failed') failed++;
    else waiting++;
  };
  for (const t of tracked) {
    add(t.view?.status);
    if (!t.cancel) continue;
    if (t.cancel.error) add('failed');
    else if (t.view?.cancellation) add(t.view.cancellation.status);
    // An invoice that failed (or was resolved by hand) is never cancelled: its cancellation counts as failed.
    else if (t.view && t.view.status !== 'booked' && FINAL_INVOICE.has(t.view.status)) add('failed');
    else add(undefined);
  }
  return { settled: booked + failed, booked, failed, waiting };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}
