import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { seedInvoiceInputs } from '../seeds/index.js';
import { invoice, invoiceLine, servicePeriod } from './invoice.js';

type InvoiceInput = z.input<typeof invoice>;

/** The issues of a failed parse as `path: message`, the way the hub shows them to a tenant. */
function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = invoice.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
const pathsOf = (input: unknown) => issuesOf(input).map((i) => i.path);

/** A valid company invoice (Jodel und Söhne) to break one field at a time. */
function base(): InvoiceInput {
  return structuredClone(seedInvoiceInputs.jodelUndSoehne) as InvoiceInput;
}
const firstLine = () => base().lines[0]!;

describe('invoice validation: clear issues at field paths', () => {
  it('accepts the base invoice and fills the defaults', () => {
    const parsed = invoice.parse(base());
    expect(parsed.currency).toBe('EUR');
    expect(parsed.taxSituation).toBe('standard');
    expect(parsed.taxMode).toBe('net');
    expect(parsed.lines[0]!.quantity).toBe('1');
    expect(parsed.lines[0]!.unitPrice).toBe('1800');
  });

  it('refuses an 8 % rate at lines.N.taxRate and names the valid rates', () => {
    const inv = base();
    inv.lines = [firstLine(), { ...firstLine(), taxRate: 8 as never }];
    expect(issuesOf(inv)).toEqual([{ path: 'lines.1.taxRate', message: 'taxRate must be one of 0, 5, 7, 16, 19' }]);
  });

  it.each([0, 5, 7, 16, 19] as const)('accepts the rate %i', (taxRate) => {
    expect(pathsOf({ ...base(), lines: [{ ...firstLine(), taxRate }] })).toEqual([]);
  });

  it('refuses a company customer without companyName at customer.companyName', () => {
    const inv = base();
    const { companyName: _omit, ...rest } = inv.customer as Extract<InvoiceInput['customer'], { companyName?: unknown }>;
    expect(issuesOf({ ...inv, customer: rest })).toEqual([{ path: 'customer.companyName', message: 'a company needs a companyName' }]);
    expect(pathsOf({ ...inv, customer: { ...inv.customer, companyName: '   ' } })).toEqual(['customer.companyName']);
  });

  it('refuses a person customer without lastName at customer.lastName', () => {
    const inv = structuredClone(seedInvoiceInputs.jannikHuber) as InvoiceInput;
    const { lastName: _omit, ...rest } = inv.customer as Extract<InvoiceInput['customer'], { lastName?: unknown }>;
    expect(pathsOf({ ...inv, customer: rest })).toEqual(['customer.lastName']);
  });

  it('refuses a dueDate before the invoice date at dueDate', () => {
    expect(issuesOf({ ...base(), dueDate: '2021-01-26' })).toEqual([{ path: 'dueDate', message: 'dueDate must not be before date' }]);
    expect(pathsOf({ ...base(), dueDate: '2021-01-27' })).toEqual([]);
  });

  it('refuses a servicePeriod that ends before it starts at servicePeriod.end', () => {
    expect(issuesOf({ ...base(), servicePeriod: { start: '2021-03-12', end: '2021-03-08' } })).toEqual([
      { path: 'servicePeriod.end', message: 'start must not be after end' },
    ]);
    expect(servicePeriod.safeParse({ start: '2021-03-08', end: '2021-03-08' }).success).toBe(true);
  });

  it('refuses serviceDate and servicePeriod together at servicePeriod', () => {
    expect(issuesOf({ ...base(), serviceDate: '2021-03-08' })).toEqual([
      { path: 'servicePeriod', message: 'give serviceDate or servicePeriod, not both' },
    ]);
  });

  it('refuses dates that do not exist or are not YYYY-MM-DD', () => {
    expect(issuesOf({ ...base(), date: '2021-01-32' })).toEqual([{ path: 'date', message: 'not a calendar date' }]);
    expect(issuesOf({ ...base(), date: '2021-02-29', dueDate: undefined })).toEqual([{ path: 'date', message: 'not a calendar date' }]);
    expect(pathsOf({ ...base(), date: '27.01.2021' })).toEqual(['date']);
    expect(pathsOf({ ...base(), dueDate: '2021-2-10' })).toEqual(['dueDate']);
  });

  it('reports a bad date once and runs no date comparison on it (no spurious dueDate or period issue)', () => {
    expect(issuesOf({ ...base(), date: '2021-02-30' })).toEqual([{ path: 'date', message: 'not a calendar date' }]);
    expect(issuesOf({ ...base(), date: '27.01.2021' })).toEqual([{ path: 'date', message: 'expected a date as YYYY-MM-DD' }]);
    expect(issuesOf({ ...base(), servicePeriod: { start: '2021-03-32', end: '2021-03-08' } })).toEqual([
      { path: 'servicePeriod.start', message: 'not a calendar date' },
    ]);
  });

  it('reports an issue inside the customer once, at its path', () => {
    expect(issuesOf({ ...base(), customer: { ...base().customer, email: 'info_jodel(at)semcosoft.com' } })).toEqual([
      { path: 'customer.email', message: 'not a valid e-mail address' },
    ]);
    expect(issuesOf({ ...base(), customer: { ...base().customer, address: { countryCode: 'Deutschland' } } })).toEqual([
      { path: 'customer.address.countryCode', message: 'expected an ISO 3166 alpha-2 country code like DE' },
    ]);
  });

  it('refuses any currency but EUR at currency', () => {
    expect(issuesOf({ ...base(), currency: 'USD' })).toEqual([{ path: 'currency', message: 'only EUR is supported' }]);
    expect(pathsOf({ ...base(), currency: 'EUR' })).toEqual([]);
  });

  it('refuses an invoice without lines, and more than 500', () => {
    expect(issuesOf({ ...base(), lines: [] })).toEqual([{ path: 'lines', message: 'an invoice needs at least one line' }]);
    expect(pathsOf({ ...base(), lines: Array.from({ length: 501 }, firstLine) })).toEqual(['lines']);
  });

  it('refuses a line without title and with an empty title at lines.N.title', () => {
    const { title: _omit, ...noTitle } = firstLine();
    expect(pathsOf({ ...base(), lines: [noTitle] })).toEqual(['lines.0.title']);
    expect(issuesOf({ ...base(), lines: [{ ...firstLine(), title: '   ' }] })).toEqual([{ path: 'lines.0.title', message: 'must not be empty' }]);
  });

  it('refuses control characters in free text', () => {
    expect(issuesOf({ ...base(), remark: 'a\u0000b' })).toEqual([{ path: 'remark', message: 'contains control characters' }]);
    expect(pathsOf({ ...base(), remark: 'line one\nline two\twith tab' })).toEqual([]);
  });

  it('refuses a discount above 100 % or below 0 % at lines.N.discountPercent', () => {
    expect(issuesOf({ ...base(), lines: [{ ...firstLine(), discountPercent: '100.01' }] })).toEqual([
      { path: 'lines.0.discountPercent', message: 'discountPercent must be at most 100' },
    ]);
    expect(pathsOf({ ...base(), lines: [{ ...firstLine(), discountPercent: -1 }] })).toEqual(['lines.0.discountPercent']);
    expect(pathsOf({ ...base(), lines: [{ ...firstLine(), discountPercent: '12.5' }] })).toEqual([]);
  });
});

describe('invoice validation: tax situations', () => {
  it('refuses reverse charge without the customer VAT id at customer.vatId', () => {
    const inv = { ...base(), taxSituation: 'reverse_charge' as const, lines: [{ ...firstLine(), taxRate: 0 as const }] };
    expect(issuesOf(inv)).toEqual([{ path: 'customer.vatId', message: "reverse_charge needs the customer's VAT id" }]);
    expect(pathsOf({ ...inv, customer: { ...inv.customer, vatId: 'DE123456789' } })).toEqual([]);
  });

  it('refuses reverse charge and intra-community supplies to a person at customer.type', () => {
    const person = structuredClone(seedInvoiceInputs.jannikHuber) as InvoiceInput;
    const inv = {
      ...person,
      taxSituation: 'reverse_charge' as const,
      lines: person.lines.map((l) => ({ ...l, taxRate: 0 as const })),
    };
    expect(pathsOf(inv).sort()).toEqual(['customer.type', 'customer.vatId']);
  });

  it('refuses an intra-community supply to a German address at customer.address.countryCode', () => {
    const inv = {
      ...base(),
      taxSituation: 'intra_community' as const,
      lines: [{ ...firstLine(), taxRate: 0 as const }],
      customer: { ...base().customer, vatId: 'ATU12345678' },
    };
    expect(pathsOf(inv)).toEqual(['customer.address.countryCode']);
    expect(pathsOf({ ...inv, customer: { ...inv.customer, address: { city: 'Wien', countryCode: 'AT' } } })).toEqual([]);
  });

  it.each(['small_business', 'reverse_charge', 'intra_community', 'export'] as const)(
    'refuses a 19 percent line in the zero-rated situation %s at lines.N.taxRate',
    (taxSituation) => {
      const inv = {
        ...base(),
        taxSituation,
        customer: { ...base().customer, vatId: 'ATU12345678', address: { countryCode: 'AT' } },
        lines: [{ ...firstLine(), taxRate: 0 as const }, { ...firstLine(), taxRate: 19 as const }],
      };
      expect(issuesOf(inv)).toEqual([
        { path: 'lines.1.taxRate', message: `taxSituation ${taxSituation} charges no VAT: taxRate must be 0` },
      ]);
    },
  );
});

describe('invoice validation: totals never negative', () => {
  it('refuses a negative total with an issue at lines', () => {
    const inv = { ...base(), lines: [{ ...firstLine(), unitPrice: '100' }, { ...firstLine(), unitPrice: '-200', taxRate: 0 as const }] };
    expect(issuesOf(inv)).toEqual([{ path: 'lines', message: 'the invoice total must not be negative (it is -81.00)' }]);
  });

  it('refuses a total that is negative only by a cent, after tax', () => {
    // net 0.00 at 19 % plus -0.01 at 0 %: gross -0.01.
    const inv = {
      ...base(),
      lines: [{ ...firstLine(), unitPrice: '0.01' }, { ...firstLine(), unitPrice: '-0.02', taxRate: 0 as const }],
    };
    expect(pathsOf(inv)).toEqual(['lines']);
  });

  it('accepts a total of zero and negative lines that leave a positive total', () => {
    expect(pathsOf({ ...base(), lines: [{ ...firstLine(), unitPrice: '100' }, { ...firstLine(), unitPrice: '-100' }] })).toEqual([]);
    expect(pathsOf(seedInvoiceInputs.jannikHuber)).toEqual([]);
  });

  it('checks gross invoices on their gross total', () => {
    const inv = { ...base(), taxMode: 'gross' as const, lines: [{ ...firstLine(), unitPrice: '119' }, { ...firstLine(), unitPrice: '-119.01' }] };
    expect(issuesOf(inv)).toEqual([{ path: 'lines', message: 'the invoice total must not be negative (it is -0.01)' }]);
  });
});

describe('invoice validation: strict objects', () => {
  it('refuses unknown fields on the invoice, a line, the customer, its address and the document', () => {
    expect(pathsOf({ ...base(), totalGross: 4284 })).toEqual(['']);
    expect(issuesOf({ ...base(), totalGross: 4284 })[0]!.message).toContain('totalGross');
    expect(pathsOf({ ...base(), lines: [{ ...firstLine(), vat: 19 }] })).toEqual(['lines.0']);
    expect(pathsOf({ ...base(), customer: { ...base().customer, nickname: 'J' } })).toEqual(['customer']);
    expect(pathsOf({ ...base(), customer: { ...base().customer, address: { countryCode: 'DE', state: 'RP' } } })).toEqual([
      'customer.address',
    ]);
    const document = { ...seedInvoiceInputs.bettinaWolf.document, url: 'http://x' };
    expect(pathsOf({ ...base(), document })).toEqual(['document']);
  });

  it('invoiceLine alone refuses unknown fields too', () => {
    const r = invoiceLine.safeParse({ ...firstLine(), net: '1800.00' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});
