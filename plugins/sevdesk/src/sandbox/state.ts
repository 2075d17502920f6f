import type { SandboxCustomer, SandboxDocument, SandboxDocumentItem } from '@accounting-hub/connector-testkit/sandbox';
import { Dec } from '@accounting-hub/core';
import type { RequestIssue } from './openapi/validator.js';

/** How the sandbox's own arithmetic rounds: to cents, half away from zero (kaufmännisch). */
export const cents = (d: InstanceType<typeof Dec>) => d.toDecimalPlaces(2, Dec.ROUND_HALF_UP);

export interface SdContact {
  id: number;
  name: string | null;
  surename: string | null;
  familyname: string | null;
  gender: string | null;
  customerNumber: string | null;
  parentId: number | null;
  categoryId: number;
  status: number;
  vatNumber: string | null;
  taxNumber: string | null;
  create: string;
  update: string;
  /** Counts changes to the contact, its addresses, communication ways and persons: the testkit's `version`. */
  version: number;
}

export interface SdAddress {
  id: number;
  contactId: number;
  street: string | null;
  zip: string | null;
  city: string | null;
  countryId: number;
  categoryId: number | null;
  name: string | null;
  name2: string | null;
  create: string;
  update: string;
}

export interface SdCommunicationWay {
  id: number;
  contactId: number;
  type: string;
  value: string;
  keyId: number;
  main: boolean;
  create: string;
  update: string;
}

/** A document position with the sums sevdesk derives (read-only in the API). */
export interface SdPosition {
  id: number;
  name: string | null;
  text: string | null;
  quantity: string;
  price: string;
  discount: string | null;
  taxRate: number;
  unityId: number;
  positionNumber: number;
  sumNet: string;
  sumTax: string;
  sumGross: string;
}

export interface SdTotals {
  sumNet: string;
  sumTax: string;
  sumGross: string;
}

export interface SdInvoice extends SdTotals {
  id: number;
  invoiceNumber: string | null;
  invoiceType: 'RE' | 'SR';
  /** 100 draft, 200 open, 750 partially paid, 1000 paid (notes §4.2). */
  status: number;
  contactId: number;
  contactPersonId: number;
  invoiceDate: string;
  deliveryDate: string | null;
  deliveryDateUntil: string | null;
  header: string | null;
  headText: string | null;
  footText: string | null;
  timeToPay: number | null;
  address: string | null;
  addressCountryId: number;
  taxRuleId: number | null;
  taxType: string | null;
  taxText: string;
  smallSettlement: boolean;
  currency: string;
  showNet: boolean;
  customerInternalNote: string | null;
  sendType: string | null;
  sendDate: string | null;
  enshrined: string | null;
  /** SR: the invoice it cancels. */
  originId: number | null;
  /** RE: cancelled by an SR. */
  cancelled: boolean;
  positions: SdPosition[];
  create: string;
  update: string;
}

export interface SdCreditNote extends SdTotals {
  id: number;
  creditNoteNumber: string | null;
  status: number;
  contactId: number;
  contactPersonId: number;
  creditNoteDate: string;
  deliveryDate: string | null;
  header: string | null;
  headText: string | null;
  footText: string | null;
  refSrcInvoiceId: number;
  bookingCategory: string;
  taxRuleId: number | null;
  taxType: string | null;
  taxText: string;
  currency: string;
  showNet: boolean;
  customerInternalNote: string | null;
  sendType: string | null;
  enshrined: string | null;
  positions: SdPosition[];
  create: string;
  update: string;
}

export interface SdVoucherPos {
  id: number;
  accountDatevId: number | null;
  accountingTypeId: number | null;
  taxRate: number;
  net: boolean;
  sumNet: string;
  sumTax: string;
  sumGross: string;
  comment: string | null;
}

export interface SdVoucher extends SdTotals {
  id: number;
  description: string | null;
  voucherDate: string | null;
  deliveryDate: string | null;
  deliveryDateUntil: string | null;
  paymentDeadline: string | null;
  supplierId: number | null;
  supplierName: string | null;
  /** 50 draft, 100 open, 1000 paid. */
  status: number;
  creditDebit: 'C' | 'D';
  voucherType: string;
  taxRuleId: number | null;
  taxType: string | null;
  currency: string;
  positions: SdVoucherPos[];
  /** Names of the temp files saved with it. */
  files: string[];
  create: string;
  update: string;
}

export interface SdTempFile {
  filename: string;
  originalName: string;
  mimeType: string;
  bytes: Buffer;
  contentHash: string;
}

export interface SdEmail {
  invoiceId: number;
  toEmail: string;
  subject: string;
  text: string;
}

/** A request body or parameter that broke sevdesk's OpenAPI description. */
export interface ValidationFailure {
  method: string;
  path: string;
  issues: RequestIssue[];
}

/** Everything one sevdesk account remembers; `reset` returns it to a fresh account. */
export class SevdeskSandboxState {
  readonly contacts = new Map<number, SdContact>();
  readonly addresses = new Map<number, SdAddress>();
  readonly communicationWays = new Map<number, SdCommunicationWay>();
  readonly invoices = new Map<number, SdInvoice>();
  readonly creditNotes = new Map<number, SdCreditNote>();
  readonly vouchers = new Map<number, SdVoucher>();
  readonly tempFiles = new Map<string, SdTempFile>();
  readonly emails: SdEmail[] = [];
  /**
   * Requests whose body or parameters the OpenAPI validation refused, and how many it checked. Test
   * instrumentation, not account data: kept across `reset`, so a whole conformance run can be checked at its end.
   */
  readonly openapi = { checked: 0, failures: [] as ValidationFailure[] };
  #ids = 100_000;
  #invoiceNumbers = 1000;
  #creditNoteNumbers = 1000;

  constructor(readonly bookkeepingSystemVersion: '1.0' | '2.0') {}

  reset(): void {
    this.contacts.clear();
    this.addresses.clear();
    this.communicationWays.clear();
    this.invoices.clear();
    this.creditNotes.clear();
    this.vouchers.clear();
    this.tempFiles.clear();
    this.emails.length = 0;
    this.#ids = 100_000;
    this.#invoiceNumbers = 1000;
    this.#creditNoteNumbers = 1000;
  }

  /** sevdesk's ids are integers (sent back as strings); one counter keeps them unique across models. */
  nextId(): number {
    this.#ids += 1;
    return this.#ids;
  }

  /** `RE-%NUMBER` (notes §4.1, SevSequence format), assigned when an invoice is sent or cancelled. */
  nextInvoiceNumber(): string {
    const n = `RE-${this.#invoiceNumbers}`;
    this.#invoiceNumbers += 1;
    return n;
  }

  peekSequence(kind: 'RE' | 'CN'): { format: string; nextSequence: number } {
    return kind === 'RE' ? { format: 'RE-%NUMBER', nextSequence: this.#invoiceNumbers } : { format: 'GU-%NUMBER', nextSequence: this.#creditNoteNumbers };
  }

  /** A credit note number is consumed when a credit note carrying the next one is sent. */
  consumeCreditNoteNumber(number: string): void {
    if (number === `GU-${this.#creditNoteNumbers}`) this.#creditNoteNumbers += 1;
  }

  /** A change to a contact's data: its own version goes up, and its company's when it is a contact person. */
  touchContact(id: number, at: string): void {
    const c = this.contacts.get(id);
    if (!c) return;
    c.version += 1;
    c.update = at;
    if (c.parentId !== null) this.touchContact(c.parentId, at);
  }

  sandboxCustomers(): SandboxCustomer[] {
    // Contact persons (children) are part of their company, not customers of their own.
    return [...this.contacts.values()]
      .filter((c) => c.parentId === null)
      .map((c) => ({
        id: String(c.id),
        name: c.name ?? [c.surename, c.familyname].filter(Boolean).join(' '),
        customerNumber: c.customerNumber,
        version: c.version,
        vatId: c.vatNumber,
      }));
  }

  /**
   * Documents in neutral words. Amounts of a document that reverses another are shown with the sign turned:
   * sevdesk's cancellation invoice (SR) and a reducing voucher carry negative sums, and their kind (credit_note)
   * or item category (revenue_reduction) says what they do, as the testkit expects. A single negative line of an
   * ordinary document (a discount) keeps its sign.
   */
  sandboxDocuments(): SandboxDocument[] {
    const flip = (t: SdTotals) => (t.sumGross.startsWith('-') ? -1 : 1);
    const signed = (s: string, sign: number) => new Dec(s).times(sign).toFixed(2);
    const items = (ps: { taxRate: number; sumNet: string; sumTax: string; sumGross: string }[], sign: number, category: string): SandboxDocumentItem[] =>
      ps.map((p) => ({ taxRate: p.taxRate, net: signed(p.sumNet, sign), tax: signed(p.sumTax, sign), gross: signed(p.sumGross, sign), category }));
    const totals = (t: SdTotals) => ({ totalNet: signed(t.sumNet, flip(t)), totalTax: signed(t.sumTax, flip(t)), totalGross: signed(t.sumGross, flip(t)) });
    const invoiceStatus = (i: SdInvoice) => (i.cancelled ? 'cancelled' : ({ 100: 'draft', 200: 'open', 750: 'partially_paid', 1000: 'paid' }[i.status] ?? String(i.status)));
    return [
      ...[...this.invoices.values()].map(
        (i): SandboxDocument => ({
          kind: i.invoiceType === 'SR' ? 'credit_note' : 'invoice',
          id: String(i.id),
          number: i.invoiceNumber,
          externalNumber: null,
          status: invoiceStatus(i),
          customerId: String(i.contactId),
          ...totals(i),
          items: items(i.positions, flip(i), 'revenue'),
          files: [],
          precedingId: i.originId === null ? null : String(i.originId),
          reference: i.customerInternalNote,
        }),
      ),
      ...[...this.creditNotes.values()].map(
        (c): SandboxDocument => ({
          kind: 'credit_note',
          id: String(c.id),
          number: c.creditNoteNumber,
          externalNumber: null,
          status: { 100: 'draft', 200: 'open', 750: 'partially_paid', 1000: 'paid' }[c.status] ?? String(c.status),
          customerId: String(c.contactId),
          ...totals(c),
          items: items(c.positions, flip(c), 'revenue'),
          files: [],
          precedingId: String(c.refSrcInvoiceId),
          reference: c.customerInternalNote,
        }),
      ),
      ...[...this.vouchers.values()].map(
        (v): SandboxDocument => ({
          kind: 'voucher',
          id: String(v.id),
          number: v.description,
          externalNumber: v.description,
          status: { 50: 'draft', 100: 'open', 1000: 'paid' }[v.status] ?? String(v.status),
          customerId: v.supplierId === null ? null : String(v.supplierId),
          ...totals(v),
          items: items(v.positions, flip(v), flip(v) < 0 ? 'revenue_reduction' : 'revenue'),
          files: [...v.files],
          precedingId: null,
          reference: null,
        }),
      ),
    ];
  }
}
