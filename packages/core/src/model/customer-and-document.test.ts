import { describe, expect, it } from 'vitest';
import { samplePdf, samplePdfDocument } from '../seeds/sample-pdf.js';
import { cancellation } from './cancellation.js';
import { customer, customerData, customerDisplayName } from './customer.js';
import { MAX_DOCUMENT_BYTES, documentBytes, documentFile } from './document.js';

function issuesOf(schema: { safeParse(v: unknown): unknown }, input: unknown): { path: string; message: string }[] {
  const result = schema.safeParse(input) as { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
  if (result.success) return [];
  return result.error!.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

const company = { ref: 'FN-0010', type: 'company', companyName: 'I-Learn GmbH' } as const;
const person = { ref: 'TN-10051', type: 'person', firstName: 'Jannik', lastName: 'Huber' } as const;

describe('customer', () => {
  it('accepts a person and a company and defaults the country to DE', () => {
    expect(customer.parse({ ...person, address: { city: 'Heidelberg' } }).address?.countryCode).toBe('DE');
    expect(customer.parse(company).companyName).toBe('I-Learn GmbH');
  });

  it('needs a companyName for a company and a lastName for a person', () => {
    expect(issuesOf(customer, { ref: 'x', type: 'company' })).toEqual([{ path: 'companyName', message: 'a company needs a companyName' }]);
    expect(issuesOf(customer, { ref: 'x', type: 'person', firstName: 'J' })).toEqual([{ path: 'lastName', message: 'a person needs a lastName' }]);
    expect(issuesOf(customerData, { type: 'company', companyName: ' ' })).toEqual([
      { path: 'companyName', message: 'a company needs a companyName' },
    ]);
  });

  it('gives only a company a contact person', () => {
    expect(issuesOf(customer, { ...person, contactPerson: { lastName: 'Holz' } })).toEqual([
      { path: 'contactPerson', message: 'only a company has a contactPerson' },
    ]);
    expect(issuesOf(customer, { ...company, contactPerson: { lastName: 'Holz' } })).toEqual([]);
    expect(issuesOf(customer, { ...company, contactPerson: { firstName: 'Stefan' } }).map((i) => i.path)).toEqual(['contactPerson.lastName']);
  });

  it('normalises the VAT id (spaces out, upper case)', () => {
    expect(customer.parse({ ...company, vatId: ' de 284 070 765 ' }).vatId).toBe('DE284070765');
  });

  it('refuses bad references, e-mails, phone numbers and country codes at their paths', () => {
    expect(issuesOf(customer, { ...company, ref: 'FN 0010' }).map((i) => i.path)).toEqual(['ref']);
    expect(issuesOf(customer, { ...company, ref: '' })).toContainEqual({ path: 'ref', message: 'must not be empty' });
    expect(new Set(issuesOf(customer, { ...company, ref: '' }).map((i) => i.path))).toEqual(new Set(['ref']));
    expect(issuesOf(customer, { ...company, email: 'not-an-email' })).toEqual([{ path: 'email', message: 'not a valid e-mail address' }]);
    expect(issuesOf(customer, { ...company, phone: '0621 <script>' }).map((i) => i.path)).toEqual(['phone']);
    expect(issuesOf(customer, { ...company, address: { countryCode: 'de' } })).toEqual([
      { path: 'address.countryCode', message: 'expected an ISO 3166 alpha-2 country code like DE' },
    ]);
    expect(issuesOf(customer, { ...company, contactPerson: { lastName: 'Holz', email: 'x@' } }).map((i) => i.path)).toEqual([
      'contactPerson.email',
    ]);
  });

  it('refuses unknown fields (strict)', () => {
    expect(issuesOf(customer, { ...company, kundennummer: '10054' }).map((i) => i.path)).toEqual(['']);
    expect(issuesOf(customer, { ...company, contactPerson: { lastName: 'Holz', role: 'CEO' } }).map((i) => i.path)).toEqual([
      'contactPerson',
    ]);
  });

  it('shows a company by its name and a person by first and last name', () => {
    expect(customerDisplayName({ type: 'company', companyName: 'Jodel und Söhne GbR' })).toBe('Jodel und Söhne GbR');
    expect(customerDisplayName({ type: 'person', firstName: 'Bettina', lastName: 'Wolf' })).toBe('Bettina Wolf');
    expect(customerDisplayName({ type: 'person', lastName: 'Wolf' })).toBe('Wolf');
  });
});

describe('document file', () => {
  const pdf = samplePdfDocument('RE21-01039.pdf', 'Rechnung');

  it('accepts a PDF and gives back its bytes', () => {
    expect(documentBytes(documentFile.parse(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses content that is not base64 at contentBase64', () => {
    for (const bad of ['JVBE Ri0x', 'JVBERi0x$$$$', 'JVBERi0', 'data:application/pdf;base64,JVBERi0x']) {
      const issues = issuesOf(documentFile, { ...pdf, contentBase64: bad });
      expect(issues.length, bad).toBeGreaterThan(0);
      expect(issues.every((i) => i.path === 'contentBase64'), bad).toBe(true);
      expect(issues.map((i) => i.message).join(' '), bad).toMatch(/base64/);
    }
    expect(issuesOf(documentFile, { ...pdf, contentBase64: '' })).toEqual([{ path: 'contentBase64', message: 'must not be empty' }]);
  });

  it('refuses a "PDF" whose content is no PDF', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');
    expect(issuesOf(documentFile, { ...pdf, contentBase64: png })).toEqual([
      { path: 'contentBase64', message: 'contentType says PDF but the content is no PDF' },
    ]);
    expect(issuesOf(documentFile, { ...pdf, contentType: 'image/png', contentBase64: png })).toEqual([]);
  });

  it('refuses unknown content types, folders in file names and oversized files', () => {
    expect(issuesOf(documentFile, { ...pdf, contentType: 'application/zip' })).toEqual([
      { path: 'contentType', message: 'contentType must be application/pdf, image/png, image/jpeg or application/xml' },
    ]);
    expect(issuesOf(documentFile, { ...pdf, filename: '../etc/passwd' }).map((i) => i.path)).toEqual(['filename']);
    expect(issuesOf(documentFile, { ...pdf, filename: 'a\\b.pdf' }).map((i) => i.path)).toEqual(['filename']);
    const big = Buffer.concat([samplePdf('x'), Buffer.alloc(MAX_DOCUMENT_BYTES)]).toString('base64');
    expect(issuesOf(documentFile, { ...pdf, contentBase64: big })).toEqual([
      { path: 'contentBase64', message: `the file may be at most ${MAX_DOCUMENT_BYTES} bytes` },
    ]);
    const justFits = Buffer.concat([samplePdf('x'), Buffer.alloc(MAX_DOCUMENT_BYTES - samplePdf('x').length)]).toString('base64');
    expect(issuesOf(documentFile, { ...pdf, contentBase64: justFits })).toEqual([]);
  });

  it('refuses unknown fields (strict)', () => {
    expect(issuesOf(documentFile, { ...pdf, size: 123 }).map((i) => i.path)).toEqual(['']);
  });
});

describe('cancellation', () => {
  it('needs a number and a date, and takes an optional reason and document', () => {
    expect(issuesOf(cancellation, { date: '2021-01-27' }).map((i) => i.path)).toEqual(['number']);
    expect(issuesOf(cancellation, { number: 'RE21-01041', date: '2021-01-32' }).map((i) => i.path)).toEqual(['date']);
    expect(issuesOf(cancellation, { number: 'RE21-01041', date: '2021-01-27', amount: -10495 }).map((i) => i.path)).toEqual(['']);
    expect(
      issuesOf(cancellation, { number: 'RE21-01041', date: '2021-01-27', document: { ...samplePdfDocument('s.pdf', 'x'), contentBase64: 'aGVsbG8=' } }),
    ).toEqual([{ path: 'document.contentBase64', message: 'contentType says PDF but the content is no PDF' }]);
  });
});
