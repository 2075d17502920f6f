import {
  ConnectorError,
  type Invoice,
  type RemoteCustomer,
  computeTotals,
  groupBookkeepingItems,
  invoice as invoiceSchema,
} from '@accounting-hub/core';
import { samplePdfDocument, seedCancellations, seedInvoices } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lexofficeConnector as connector } from '../connector.js';
import { POSTING_CATEGORIES } from '../mapping/categories.js';
import { type LexofficeSandbox, createLexofficeSandbox } from '../sandbox/index.js';
import { type TestContext, apiKeyAuth, sandboxOptions, testContext } from '../testing.test-support.js';

let sandbox: LexofficeSandbox;
let t: TestContext;

beforeAll(async () => {
  sandbox = await createLexofficeSandbox({ requestsPerSecond: 10 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.control.reset();
  t = testContext(sandboxOptions(sandbox), apiKeyAuth(sandbox));
  t.ctx.connection.state = (await connector.testConnection(t.ctx)).state ?? {};
  t.records.length = 0;
});

async function caught(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a ConnectorError');
}

async function customerFor(invoice: Invoice): Promise<RemoteCustomer> {
  return (await connector.upsertCustomer(t.ctx, { customer: invoice.customer, remote: null })).customer;
}

async function book(invoice: Invoice, reference = `ref:${invoice.number}`) {
  const customer = await customerFor(invoice);
  const totals = computeTotals(invoice.taxMode, invoice.lines);
  const items = groupBookkeepingItems(totals);
  const result = await connector.bookVoucher(t.ctx, { invoice, customer, totals, items, file: invoice.document, reference });
  return { result, customer, totals, items };
}

const voucherPosts = () => t.records.filter((r) => r.method === 'POST' && r.path === '/v1/vouchers');
const EINNAHMEN = POSTING_CATEGORIES.einnahmen.id;

describe('voucher mode', () => {
  it('books I-Learn with the request body of the SEMCO call log (19 % and 7 % grouped, totals 10495 / 1595)', async () => {
    const { result, customer } = await book(seedInvoices.iLearn);
    expect(result.fileAttached).toBe(false);
    expect(result.document).toMatchObject({ kind: 'voucher', number: 'RE21-01040', status: 'open' });
    const body = voucherPosts()[0]?.request as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'salesinvoice',
      dueDate: '2021-02-10',
      taxType: 'net',
      contactId: customer.id,
      voucherDate: '2021-01-27',
      voucherItems: [
        { amount: 8100, taxAmount: 1539, categoryId: EINNAHMEN, taxRatePercent: 19 },
        { amount: 800, taxAmount: 56, categoryId: EINNAHMEN, taxRatePercent: 7 },
      ],
      voucherNumber: 'RE21-01040',
      totalTaxAmount: 1595,
      totalGrossAmount: 10495,
    });
    expect(body).not.toHaveProperty('version');
    expect(body.shippingDate).toBe('2021-02-26');
    expect(body.remark).toBe('Rechnung RE21-01040 · Referenz: ref:RE21-01040');
    // Amounts travel as JSON numbers, never as float noise.
    expect(JSON.stringify(body)).toContain('"totalGrossAmount":10495');
  });

  it('attaches the tenant PDF (202, multipart field file); a repeated upload answers the same file', async () => {
    const { result } = await book(seedInvoices.bettinaWolf);
    const file = seedInvoices.bettinaWolf.document;
    if (!file) throw new Error('no document');
    const first = await connector.attachDocument(t.ctx, { document: result.document, file });
    const again = await connector.attachDocument(t.ctx, { document: result.document, file });
    expect(again.fileId).toBe(first.fileId);
    const upload = t.records.find((r) => r.path.endsWith('/files'));
    expect(upload?.statusCode).toBe(202);
    expect(upload?.request).toMatchObject({ file: { file: 'RE21-01039.pdf', type: 'application/pdf' }, type: 'voucher' });
    const doc = (await sandbox.control.documents()).find((d) => d.id === result.document.id);
    expect(doc?.files).toEqual([first.fileId]);
  });

  it('refuses XML without the E-Rechnung setting, files over 5 MB, and files on invoices', async () => {
    const { result } = await book(seedInvoices.bettinaWolf);
    const xml = { filename: 'RE21-01039.xml', contentType: 'application/xml' as const, contentBase64: Buffer.from('<?xml version="1.0"?><Invoice/>').toString('base64') };
    const refused = await caught(connector.attachDocument(t.ctx, { document: result.document, file: xml }));
    expect(refused).toMatchObject({ kind: 'validation', field: 'document', providerKey: 'inacceptable_file_extension' });
    const big = { ...samplePdfDocument('big.pdf', 'x'), contentBase64: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024)]).toString('base64') };
    expect((await caught(connector.attachDocument(t.ctx, { document: result.document, file: big }))).kind).toBe('validation');
    const onInvoice = await caught(connector.attachDocument(t.ctx, { document: { kind: 'invoice', id: 'x' }, file: samplePdfDocument('a.pdf', 'a') }));
    expect(onInvoice.kind).toBe('unsupported');
  });

  it('cancels with a salescreditnote voucher: the original items, positive, same categories, the cancellation number', async () => {
    const original = await book(seedInvoices.iLearn);
    const cancellation = seedCancellations.iLearn;
    const credit = await connector.credit(t.ctx, {
      mode: 'voucher',
      original: { invoice: seedInvoices.iLearn, document: original.result.document, totals: original.totals, items: original.items },
      cancellation,
      customer: original.customer,
      reference: 'ref:storno',
    });
    expect(credit).toMatchObject({ fileAttached: false, document: { kind: 'voucher', number: 'RE21-01041' } });
    const body = voucherPosts()[1]?.request as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'salescreditnote',
      dueDate: '2021-01-27',
      voucherDate: '2021-01-27',
      voucherNumber: 'RE21-01041',
      totalTaxAmount: 1595,
      totalGrossAmount: 10495,
      voucherItems: [
        { amount: 8100, taxAmount: 1539, categoryId: EINNAHMEN, taxRatePercent: 19 },
        { amount: 800, taxAmount: 56, categoryId: EINNAHMEN, taxRatePercent: 7 },
      ],
    });
    if (!cancellation.document) throw new Error('no document');
    await connector.attachDocument(t.ctx, { document: credit.document, file: cancellation.document });
    const found = await connector.findBooked(t.ctx, {
      kind: 'voucher',
      purpose: 'cancellation',
      number: 'RE21-01041',
      reference: 'ref:storno',
      date: '2021-01-27',
      totalGross: '10495.00',
      customer: original.customer,
    });
    expect(found.document?.id).toBe(credit.document.id);
  });

  it('settles a 504 after the write with findBooked: exactly one voucher, found, not booked again', async () => {
    const invoice = seedInvoices.iLearn;
    const customer = await customerFor(invoice);
    const totals = computeTotals(invoice.taxMode, invoice.lines);
    await sandbox.control.injectFault({ kind: 'after_write', status: 504, body: { message: 'Endpoint request timed out' }, match: { method: 'POST', path: '^/v1/vouchers$' } });
    const input = { invoice, customer, totals, items: groupBookkeepingItems(totals), file: invoice.document, reference: 'ref:uncertain' };
    const error = await caught(connector.bookVoucher(t.ctx, input));
    expect(error.kind).toBe('uncertain');
    expect(voucherPosts()).toHaveLength(1);
    const found = await connector.findBooked(t.ctx, {
      kind: 'voucher',
      purpose: 'invoice',
      number: invoice.number,
      reference: 'ref:uncertain',
      date: invoice.date,
      totalGross: totals.totalGross,
      customer,
    });
    const vouchers = (await sandbox.control.documents()).filter((d) => d.kind === 'voucher');
    expect(vouchers).toHaveLength(1);
    expect(found.document).toMatchObject({ kind: 'voucher', id: vouchers[0]?.id, number: 'RE21-01040' });
    // Another total under the same number is someone else's voucher.
    const other = await connector.findBooked(t.ctx, { ...{ kind: 'voucher' as const, purpose: 'invoice' as const }, number: invoice.number, reference: 'x', date: invoice.date, totalGross: '1.00', customer });
    expect(other.document).toBeNull();
  });

  it('books the zero-rated situations on their legal categories', async () => {
    const base = seedInvoices.boerseGmbH;
    const company = { ...base.customer, vatId: 'ATU12345678', address: { countryCode: 'AT', city: 'Wien' } };
    const cases = [
      { taxSituation: 'reverse_charge', category: 'services', expected: POSTING_CATEGORIES.fremdleistungen13b.id, customer: company },
      { taxSituation: 'intra_community', category: 'goods', expected: POSTING_CATEGORIES.innergemeinschaftlicheLieferung.id, customer: company },
      { taxSituation: 'export', category: 'goods', expected: POSTING_CATEGORIES.ausfuhrlieferungenDrittland.id, customer: { ...company, vatId: undefined, address: { countryCode: 'CH', city: 'Zürich' } } },
      { taxSituation: 'export', category: 'services', expected: POSTING_CATEGORIES.dienstleistungenDrittland.id, customer: { ...company, vatId: undefined, address: { countryCode: 'US', city: 'Boston' } } },
      { taxSituation: 'small_business', category: 'revenue', expected: POSTING_CATEGORIES.kleinunternehmer.id, customer: seedInvoices.jodelUndSoehne.customer },
    ] as const;
    for (const [i, c] of cases.entries()) {
      const invoice = invoiceSchema.parse({
        ...base,
        number: `ZR-${i}`,
        document: undefined,
        taxSituation: c.taxSituation,
        customer: c.customer,
        lines: [{ title: 'Leistung', quantity: 2, unitName: 'Stück', unitPrice: '150.25', taxRate: 0, category: c.category }],
      });
      const { result } = await book(invoice);
      const doc = (await sandbox.control.documents()).find((d) => d.id === result.document.id);
      expect(doc?.items?.map((item) => item.category), c.taxSituation).toEqual([c.expected]);
      expect(doc?.totalGross).toBe('300.50');
    }
  });

  it('books one rate across several categories with the tax split to the cent (largest remainder)', async () => {
    const invoice = invoiceSchema.parse({
      ...seedInvoices.bettinaWolf,
      number: 'RE-SPLIT-1',
      lines: [
        { title: 'Kurs', quantity: 1, unitPrice: '10.03', taxRate: 19, category: 'services' },
        { title: 'Buch', quantity: 1, unitPrice: '10.03', taxRate: 19, category: 'goods' },
        { title: 'Gebühr', quantity: 1, unitPrice: '10.03', taxRate: 19, category: 'fees' },
      ],
    });
    const { result, totals } = await book(invoice);
    const doc = (await sandbox.control.documents()).find((d) => d.id === result.document.id);
    expect(doc?.items).toHaveLength(3);
    expect(doc?.totalTax).toBe(totals.totalTax);
    expect(doc?.totalGross).toBe(totals.totalGross);
  });
});
