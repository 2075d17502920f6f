import { samplePdfDocument } from '@accounting-hub/core/seeds';

export interface BodyOptions {
  /** The default customer ref (default `C-1000`); a body may name another one. */
  customerRef?: string;
  /** Attach the tenant's PDF (a small one-page PDF, ~0.7 KB of base64). Default true. */
  document?: boolean;
}

/**
 * A valid POST /v1/invoices body: net invoice, two lines (19 % and 7 %), an inline company customer and, by
 * default, the tenant's PDF: about 1.4 KB of JSON. Only the number (and, if given, the customer's ref) changes
 * between requests, so bodies are made by splicing them into one serialised template (no JSON.stringify per
 * request in the load generator).
 */
export function invoiceTemplate(options: BodyOptions = {}): (number: string, customerRef?: string) => string {
  const body = {
    number: '__NUMBER__',
    date: '2024-03-01',
    dueDate: '2024-03-15',
    serviceDate: '2024-02-28',
    currency: 'EUR',
    taxMode: 'net',
    customer: {
      ref: '__REF__',
      type: 'company',
      companyName: 'Musterfirma GmbH',
      vatId: 'DE123456789',
      address: { street: 'Hauptstr. 1', zip: '10115', city: 'Berlin', countryCode: 'DE' },
      email: 'buchhaltung@musterfirma.de',
    },
    lines: [
      { title: 'Seminar', quantity: 2, unitName: 'Tag', unitPrice: '800.00', taxRate: 19 },
      { title: 'Skript', quantity: '1', unitPrice: 50, taxRate: 7 },
    ],
    remark: 'Vielen Dank!',
    ...(options.document === false ? {} : { document: samplePdfDocument('invoice.pdf', 'Rechnung') }),
  };
  const [head, middle, tail] = JSON.stringify(body).split(/__NUMBER__|__REF__/) as [string, string, string];
  const defaultRef = options.customerRef ?? 'C-1000';
  return (number, customerRef = defaultRef) => `${head}${number}${middle}${customerRef}${tail}`;
}

/** Unique invoice numbers: `<prefix>-<n>` (at most 64 characters, as the hub allows). */
export function numberer(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
