import { ConnectorError, computeTotals, groupBookkeepingItems } from '@accounting-hub/core';
import { seedCancellations, seedInvoices } from '@accounting-hub/core/seeds';
import { describe, expect, it } from 'vitest';
import { useSandboxConnection } from '../testing/sandbox-lifecycle.js';
import { connector } from '../connector.js';
import { bookInvoice, link, variant } from '../testing/fixtures.js';

const env = useSandboxConnection();

const huber = seedInvoices.jannikHuber;

describe('invoice mode', () => {
  it('creates a draft without a number, with the reference in customerInternalNote', async () => {
    const ctx = await env.conn.connected();
    const { result } = await bookInvoice(ctx, huber, 'draft', 'tenant-1:inv-1');
    expect(result.document).toMatchObject({ kind: 'invoice', status: 'draft' });
    expect(result.document.number).toBeUndefined();
    const stored = env.sandbox.state.invoices.get(Number(result.document.id))!;
    expect(stored).toMatchObject({ status: 100, invoiceNumber: null, customerInternalNote: 'tenant-1:inv-1', taxRuleId: 1, taxType: null });
    expect(stored).toMatchObject({ sumNet: '1620.00', sumTax: '342.00', sumGross: '1962.00', deliveryDate: '2021-03-08', deliveryDateUntil: '2021-03-12' });
    expect(stored.timeToPay).toBe(14);
  });

  it('finalizes with sendBy VPDF and writes back the number sevdesk assigned', async () => {
    const ctx = await env.conn.connected();
    const mark = env.conn.records.length;
    const { result } = await bookInvoice(ctx, huber, 'finalized', 'r1');
    expect(result.document).toMatchObject({ kind: 'invoice', number: 'RE-1000', status: 'open' });
    expect(env.conn.writesSince(mark).filter((w) => w.includes('Invoice'))).toEqual([
      'POST /Invoice/Factory/saveInvoice',
      `PUT /Invoice/${result.document.id}/sendBy`,
    ]);
    expect(env.sandbox.state.invoices.get(Number(result.document.id))).toMatchObject({ sendType: 'VPDF', status: 200 });
  });

  it('"finalized and sent" has sevdesk e-mail the invoice to the customer', async () => {
    const ctx = await env.conn.connected();
    const { result } = await bookInvoice(ctx, huber, 'finalized_and_sent', 'r1');
    expect(result.document.number).toBe('RE-1000');
    expect(env.sandbox.state.emails).toEqual([expect.objectContaining({ invoiceId: Number(result.document.id), toEmail: 'j.huber@semcosoft.com' })]);
  });

  it('refuses e-mail sending for a customer without an address before creating anything', async () => {
    const ctx = await env.conn.connected();
    const noMail = variant('jannikHuber', (r) => ({ ...r, customer: { ...(r.customer as object), email: undefined } }));
    const customer = (await link(ctx, noMail.customer)).customer;
    const error = await bookInvoice(ctx, noMail, 'finalized_and_sent', 'r1', customer).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', field: 'customer.email' });
    expect(env.sandbox.state.invoices.size).toBe(0);
  });

  it('books each tax situation with its tax rule', async () => {
    const ctx = await env.conn.connected();
    const zero = (situation: string, extra: Record<string, unknown> = {}) =>
      variant('jodelUndSoehne', (r) => ({
        ...r,
        taxSituation: situation,
        customer: { ...(r.customer as object), vatId: 'FR12345678901', ...extra },
        lines: (r.lines as Record<string, unknown>[]).map((l) => ({ ...l, taxRate: 0 })),
      }));
    const rules: Record<string, number> = {};
    for (const [situation, extra] of [
      ['small_business', {}],
      ['reverse_charge', {}],
      ['intra_community', { address: { street: 'Rue 1', zip: '75001', city: 'Paris', countryCode: 'FR' } }],
      ['export', { address: { street: 'Main St 1', zip: '10001', city: 'New York', countryCode: 'US' } }],
    ] as const) {
      const { result } = await bookInvoice(ctx, zero(situation, extra), 'draft', `r:${situation}`);
      rules[situation] = env.sandbox.state.invoices.get(Number(result.document.id))!.taxRuleId!;
    }
    expect(rules).toEqual({ small_business: 11, reverse_charge: 5, intra_community: 3, export: 17 });
  });

  it('maps sevdesk refusing a tax rate (422) to the line that carries it', async () => {
    const ctx = await env.conn.connected();
    const fivePercent = variant('bettinaWolf', (r) => ({ ...r, lines: [(r.lines as object[])[0], { ...(r.lines as object[])[1], taxRate: 5 }] }));
    const error = await bookInvoice(ctx, fivePercent, 'draft', 'r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'validation', field: 'lines.1.taxRate', providerField: 'invoicePosSave.1.taxRate', httpStatus: 422 });
    expect((error as Error).message).toMatch(/tax rate 5 is not allowed for tax rule 1/);
  });
});

describe('uncertain outcomes', () => {
  it('a saveInvoice answered 504 after the write is uncertain, settled by findBooked, and not booked twice', async () => {
    const ctx = await env.conn.connected();
    const inv = seedInvoices.iLearn;
    const customer = (await link(ctx, inv.customer)).customer;
    await env.sandbox.control.injectFault({ kind: 'after_write', status: 504, match: { method: 'POST', path: '^/Invoice/Factory/saveInvoice$' } });
    const error = await bookInvoice(ctx, inv, 'finalized', 'ref-504', customer).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'uncertain' });
    expect(env.sandbox.state.invoices.size).toBe(1);
    const totalGross = computeTotals(inv.taxMode, inv.lines).totalGross;
    const found = await connector.findBooked(ctx, { kind: 'invoice', purpose: 'invoice', number: inv.number, reference: 'ref-504', date: inv.date, totalGross, customer });
    expect(found.document).toMatchObject({ kind: 'invoice', id: String([...env.sandbox.state.invoices.keys()][0]), status: 'draft' });
    // A retry (the hub's choice after finding a draft) finishes the same invoice.
    const { result } = await bookInvoice(ctx, inv, 'finalized', 'ref-504', customer);
    expect(result.document).toMatchObject({ id: found.document!.id, number: 'RE-1000' });
    expect(env.sandbox.state.invoices.size).toBe(1);
  });

  it('a sendBy answered 504 after the write is uncertain; the retry does not send again', async () => {
    const ctx = await env.conn.connected();
    const customer = (await link(ctx, huber.customer)).customer;
    await env.sandbox.control.injectFault({ kind: 'after_write', status: 504, match: { method: 'PUT', path: '/sendBy$' } });
    await expect(bookInvoice(ctx, huber, 'finalized', 'r1', customer)).rejects.toMatchObject({ kind: 'uncertain' });
    const mark = env.conn.records.length;
    const { result } = await bookInvoice(ctx, huber, 'finalized', 'r1', customer);
    expect(result.document.number).toBe('RE-1000');
    expect(env.conn.writesSince(mark)).toEqual([]);
  });

  it('an error hidden in an HTTP 200 body is an error', async () => {
    const ctx = await env.conn.connected();
    const customer = (await link(ctx, huber.customer)).customer;
    await env.sandbox.control.injectFault({
      kind: 'status',
      status: 200,
      body: { objects: null, error: { message: 'invoice.contact Contact is archived', code: 4711, responseCode: 200 } },
      match: { method: 'POST', path: '^/Invoice/Factory/saveInvoice$' },
    });
    await expect(bookInvoice(ctx, huber, 'draft', 'r1', customer)).rejects.toMatchObject({ kind: 'validation', providerKey: '4711', field: 'customer' });
  });
});

describe('cancellation in invoice mode', () => {
  const jodel = seedInvoices.jodelUndSoehne;
  const cancellation = seedCancellations.jodelUndSoehne;

  async function cancel(status: 'draft' | 'finalized', markPaid = false) {
    const ctx = await env.conn.connected();
    const { result, customer, totals } = await bookInvoice(ctx, jodel, status, 'inv');
    if (markPaid) env.sandbox.state.invoices.get(Number(result.document.id))!.status = 1000;
    const input = {
      mode: 'invoice' as const,
      original: { invoice: jodel, document: result.document, totals, items: groupBookkeepingItems(totals) },
      cancellation,
      customer,
      reference: 'credit',
    };
    return { ctx, input, original: result.document, credited: await connector.credit(ctx, input) };
  }

  it("uses sevdesk's own cancellation for a finalized invoice, idempotently", async () => {
    const { ctx, input, original, credited } = await cancel('finalized');
    expect(credited.document).toMatchObject({ kind: 'credit_note', number: 'RE-1001', status: 'paid' });
    const sr = env.sandbox.state.invoices.get(Number(credited.document.id))!;
    expect(sr).toMatchObject({ invoiceType: 'SR', originId: Number(original.id), sumGross: '-4284.00' });
    // Asked again (a retry after an uncertain outcome): sevdesk says 421, the connector answers the same SR.
    expect((await connector.credit(ctx, input)).document.id).toBe(credited.document.id);
    expect([...env.sandbox.state.invoices.values()].filter((i) => i.invoiceType === 'SR')).toHaveLength(1);
  });

  it('makes a draft credit note for a draft invoice (sevdesk does not cancel drafts)', async () => {
    const { original, credited } = await cancel('draft');
    expect(credited.document).toMatchObject({ kind: 'credit_note', status: 'draft' });
    const note = env.sandbox.state.creditNotes.get(Number(credited.document.id))!;
    expect(note).toMatchObject({ refSrcInvoiceId: Number(original.id), customerInternalNote: 'credit', sumGross: '4284.00', creditNoteNumber: null });
    expect(note.header).toContain('RE21-01038');
  });

  it('makes a numbered, sent credit note for a paid invoice and finds it again', async () => {
    const { ctx, input, credited } = await cancel('finalized', true);
    expect(credited.document).toMatchObject({ kind: 'credit_note', number: 'GU-1000', status: 'open' });
    const found = await connector.findBooked(ctx, {
      kind: 'credit_note',
      purpose: 'cancellation',
      number: cancellation.number,
      reference: 'credit',
      date: cancellation.date,
      totalGross: '4284.00',
      customer: input.customer,
    });
    expect(found.document?.id).toBe(credited.document.id);
    expect((await connector.credit(ctx, input)).document.id).toBe(credited.document.id);
    expect(env.sandbox.state.creditNotes.size).toBe(1);
  });
});
