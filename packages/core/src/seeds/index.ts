/**
 * The worked examples of the SEMCO lexoffice guide (shared/seeds/000_*.txt): the project's first acceptance
 * scenarios. Amounts, names and addresses are the guide's; numbers the guide leaves out (Jannik Huber's
 * pro-forma number, the Jodel cancellation, the Börse GmbH invoice lines) are filled in and marked.
 */
import type { z } from 'zod';
import { cancellation } from '../model/cancellation.js';
import { customer } from '../model/customer.js';
import { invoice } from '../model/invoice.js';
import { samplePdfDocument } from './sample-pdf.js';

export { samplePdf, samplePdfDocument } from './sample-pdf.js';

const customers = {
  jannikHuber: {
    ref: 'TN-10051',
    type: 'person',
    salutation: 'Herr',
    firstName: 'Jannik',
    lastName: 'Huber',
    address: { street: 'Goethestraße 12', zip: '69121', city: 'Heidelberg', countryCode: 'DE' },
    email: 'j.huber@semcosoft.com',
    phone: '06221-54545455',
    mobile: '0173-56655111',
  },
  jodelUndSoehne: {
    ref: 'FN-0008',
    type: 'company',
    companyName: 'Jodel und Söhne GbR',
    address: { street: 'Heinzelmannstraße 23', zip: '55116', city: 'Mainz', countryCode: 'DE' },
    email: 'info_jodel@semcosoft.com',
    phone: '06131-665891',
    contactPerson: { salutation: 'Herr', firstName: 'Stefan', lastName: 'Holz', email: 'stefan.holz@semcosoft.com', phone: '06131-898884' },
  },
  bettinaWolf: {
    ref: 'TN-10053',
    type: 'person',
    salutation: 'Frau',
    firstName: 'Bettina',
    lastName: 'Wolf',
    address: { street: 'Am Wasserturm 1', zip: '69221', city: 'Mannheim', countryCode: 'DE' },
    email: 'bettina.wolf@semcosoft.com',
    phone: '0621-64555',
    mobile: '0151-66564544',
  },
  iLearn: {
    ref: 'FN-0010',
    type: 'company',
    companyName: 'I-Learn GmbH',
    address: { street: 'Maxstraße 12', zip: '80333', city: 'München', countryCode: 'DE' },
    email: 'info_ilearn@semcosoft.com',
    phone: '089-4545555',
    contactPerson: { salutation: 'Frau', firstName: 'Nina', lastName: 'Zimmermann', email: 'nina.zimmermann@semcosoft.com', phone: '089-664555' },
  },
  /** The inbox example: a German VAT id with 8 digits instead of 9, refused by lexoffice. */
  boerseGmbH: {
    ref: 'FN-0011',
    type: 'company',
    companyName: 'Börse GmbH',
    vatId: 'DE28407065',
    address: { street: 'Beim Bärenweg 1', zip: '67444', city: 'Frankfurt', countryCode: 'DE' },
    contactPerson: { salutation: 'Herr', firstName: 'Uwe', lastName: 'Seeler', email: 'uwe.seeler@semco.de' },
  },
} satisfies Record<string, z.input<typeof customer>>;

/** The VAT id the tenant corrects Börse GmbH to (shown in the guide's correction screenshot). */
export const CORRECTED_BOERSE_VAT_ID = 'DE284070765';

export const seedCustomers = Object.fromEntries(
  Object.entries(customers).map(([k, v]) => [k, customer.parse(v)]),
) as Record<keyof typeof customers, z.infer<typeof customer>>;

const course = '10001 - Ausbildung zum Rettungssanitäter/in';

const invoices = {
  /** Invoice mode, case 1: private booking with a 10 % discount line at 0 %. */
  jannikHuber: {
    number: 'RE21-01036', // not in the guide: the pro-forma number before Jodel's RE21-01037
    date: '2021-01-27',
    dueDate: '2021-02-10',
    servicePeriod: { start: '2021-03-08', end: '2021-03-12' },
    taxMode: 'net',
    customer: customers.jannikHuber,
    lines: [
      { title: `${course} 08.03.2021 bis 12.03.2021`, quantity: 1, unitName: 'Kurs', unitPrice: '1800.00', taxRate: 19, category: 'services' },
      { title: 'Rabatt 10.00% auf Kursgebühr', quantity: 1, unitName: 'Stück', unitPrice: '-180.00', taxRate: 0, category: 'services' },
    ],
  },
  /** Invoice mode, case 2: company booking for two participants. */
  jodelUndSoehne: {
    number: 'RE21-01037',
    date: '2021-01-27',
    dueDate: '2021-02-10',
    servicePeriod: { start: '2021-03-08', end: '2021-03-12' },
    taxMode: 'net',
    customer: customers.jodelUndSoehne,
    lines: [
      { title: '10001 - Ausbildung zum Rettungsanitäter/in Ulrike Strohmann: 08.03.2021 bis 12.03.2021', quantity: 1, unitName: 'Kurs', unitPrice: 1800, taxRate: 19, category: 'services' },
      { title: '10001 - Ausbildung zum Rettungsanitäter/in Tim Hause: 08.03.2021 bis 12.03.2021', quantity: 1, unitName: 'Kurs', unitPrice: 1800, taxRate: 19, category: 'services' },
    ],
  },
  /** Voucher mode, case 1: private booking with 19 % and 7 %. */
  bettinaWolf: {
    number: 'RE21-01039',
    date: '2021-01-27',
    dueDate: '2021-02-10',
    servicePeriod: { start: '2021-03-08', end: '2021-03-12' },
    taxMode: 'net',
    customer: customers.bettinaWolf,
    lines: [
      { title: `${course} 08.03.2021 bis 12.03.2021`, quantity: 1, unitName: 'Kurs', unitPrice: 1800, taxRate: 19 },
      { title: 'Schulungsunterlagen', quantity: 1, unitName: 'Stück', unitPrice: 50, taxRate: 7 },
    ],
    document: samplePdfDocument('RE21-01039.pdf', 'Rechnung RE21-01039 Bettina Wolf 2.195,50 EUR'),
  },
  /** Voucher mode, case 2: company booking, three lines, two rates. */
  iLearn: {
    number: 'RE21-01040',
    date: '2021-01-27',
    dueDate: '2021-02-10',
    servicePeriod: { start: '2021-02-25', end: '2021-02-26' },
    taxMode: 'net',
    customer: customers.iLearn,
    lines: [
      { title: '10012 - Workshop für Führungskräfte des mittleren Managements 25.02.2021 bis 26.02.2021', quantity: 1, unitName: 'Kurs', unitPrice: 7500, taxRate: 19 },
      { title: 'Kursbücher', quantity: 10, unitName: 'Stück', unitPrice: 80, taxRate: 7 },
      { title: 'Reisekostenpauschale', quantity: 2, unitName: 'Pauschale', unitPrice: 300, taxRate: 19 },
    ],
    document: samplePdfDocument('RE21-01040.pdf', 'Rechnung RE21-01040 I-Learn GmbH 10.495,00 EUR'),
  },
  /** The inbox example: booking fails on the customer's VAT id until the tenant corrects it. */
  boerseGmbH: {
    number: 'RE21-01043',
    date: '2021-01-28',
    dueDate: '2021-02-11',
    serviceDate: '2021-01-28',
    taxMode: 'net',
    customer: customers.boerseGmbH,
    lines: [{ title: '10020 - Erste-Hilfe-Kurs für Betriebshelfer', quantity: 1, unitName: 'Kurs', unitPrice: 350, taxRate: 19 }], // lines not in the guide
    document: samplePdfDocument('RE21-01043.pdf', 'Rechnung RE21-01043 Boerse GmbH'),
  },
} satisfies Record<string, z.input<typeof invoice>>;

export const seedInvoices = Object.fromEntries(
  Object.entries(invoices).map(([k, v]) => [k, invoice.parse(v)]),
) as Record<keyof typeof invoices, z.infer<typeof invoice>>;

/** The raw request bodies (as a tenant would send them), for API-level tests and the demo. */
export const seedInvoiceInputs = invoices;

export const seedCancellations = {
  /** Invoice mode, case 3: the pro-forma invoice of Jodel und Söhne is cancelled: a credit note in the tool. */
  jodelUndSoehne: cancellation.parse({ number: 'RE21-01038', date: '2021-01-27', reason: 'Buchungsstorno' }), // number not in the guide
  /** Voucher mode, case 3: RE21-01041 cancels RE21-01040: an income-reduction voucher with the document. */
  iLearn: cancellation.parse({
    number: 'RE21-01041',
    date: '2021-01-27',
    reason: 'Stornobeleg zu Rechnung RE21-01040',
    document: samplePdfDocument('RE21-01041.pdf', 'Stornobeleg RE21-01041 zu RE21-01040 -10.495,00 EUR'),
  }),
};

/** What the guide shows for each example, to the cent. */
export const seedExpectations = {
  jannikHuber: { totalNet: '1620.00', totalTax: '342.00', totalGross: '1962.00' },
  jodelUndSoehne: { totalNet: '3600.00', totalTax: '684.00', totalGross: '4284.00' },
  bettinaWolf: {
    totalNet: '1850.00',
    totalTax: '345.50',
    totalGross: '2195.50',
    rates: [
      { taxRate: 7, net: '50.00', tax: '3.50', gross: '53.50' },
      { taxRate: 19, net: '1800.00', tax: '342.00', gross: '2142.00' },
    ],
  },
  iLearn: {
    totalNet: '8900.00',
    totalTax: '1595.00',
    totalGross: '10495.00',
    rates: [
      { taxRate: 7, net: '800.00', tax: '56.00', gross: '856.00' },
      { taxRate: 19, net: '8100.00', tax: '1539.00', gross: '9639.00' },
    ],
    /** "Einnahmen 19 % 8.100,00 €, Einnahmen 7 % 800,00 €" in lexoffice. */
    items: [
      { taxRate: 7, category: 'revenue', net: '800.00', tax: '56.00', gross: '856.00' },
      { taxRate: 19, category: 'revenue', net: '8100.00', tax: '1539.00', gross: '9639.00' },
    ],
  },
  boerseGmbH: { totalNet: '350.00', totalTax: '66.50', totalGross: '416.50' },
} as const;
