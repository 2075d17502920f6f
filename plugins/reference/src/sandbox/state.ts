import type { SandboxCustomer, SandboxDocument, SandboxDocumentItem } from '@accounting-hub/connector-testkit/sandbox';
import type { CustomerWire } from './wire.js';

export interface StoredCustomer extends CustomerWire {
  id: string;
  customerNumber: string;
  version: number;
}

export interface StoredFile {
  id: string;
  documentId: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface StoredDocument {
  kind: 'invoice' | 'voucher' | 'credit_note';
  id: string;
  number: string | null;
  externalNumber: string | null;
  status: string;
  customerId: string | null;
  date: string;
  totalNet: string;
  totalTax: string;
  totalGross: string;
  items: SandboxDocumentItem[];
  files: string[];
  precedingId: string | null;
  reference: string | null;
  /** Vouchers only: income or income reduction. */
  voucherType: 'sales_invoice' | 'sales_credit_note' | null;
  remark: string | null;
}

/** Everything the Reference Books tool remembers; `reset` returns it to a fresh account. */
export class ReferenceState {
  readonly customers = new Map<string, StoredCustomer>();
  readonly documents = new Map<string, StoredDocument>();
  readonly files = new Map<string, StoredFile>();
  #ids = 0;
  #customerNumbers = 10000;
  #invoiceNumbers = 0;
  #creditNoteNumbers = 0;

  reset(): void {
    this.customers.clear();
    this.documents.clear();
    this.files.clear();
    this.#ids = 0;
    this.#customerNumbers = 10000;
    this.#invoiceNumbers = 0;
    this.#creditNoteNumbers = 0;
  }

  /** Ids look like the tool's UUIDs would, but stay readable in test output. */
  nextId(prefix: string): string {
    this.#ids += 1;
    return `${prefix}_${String(this.#ids).padStart(6, '0')}`;
  }

  nextCustomerNumber(): string {
    this.#customerNumbers += 1;
    return String(this.#customerNumbers);
  }

  /** Number ranges as the tool assigns them on finalize: R-00001 for invoices, G-00001 for credit notes. */
  nextDocumentNumber(kind: 'invoice' | 'credit_note'): string {
    if (kind === 'invoice') {
      this.#invoiceNumbers += 1;
      return `R-${String(this.#invoiceNumbers).padStart(5, '0')}`;
    }
    this.#creditNoteNumbers += 1;
    return `G-${String(this.#creditNoteNumbers).padStart(5, '0')}`;
  }

  sandboxCustomers(): SandboxCustomer[] {
    return [...this.customers.values()].map((c) => ({
      id: c.id,
      name: customerName(c),
      customerNumber: c.customerNumber,
      version: c.version,
      vatId: c.vatId ?? null,
    }));
  }

  sandboxDocuments(): SandboxDocument[] {
    return [...this.documents.values()].map((d) => ({
      kind: d.kind,
      id: d.id,
      number: d.number,
      externalNumber: d.externalNumber,
      status: d.status,
      customerId: d.customerId,
      totalNet: d.totalNet,
      totalTax: d.totalTax,
      totalGross: d.totalGross,
      items: d.items,
      files: [...d.files],
      precedingId: d.precedingId,
      reference: d.reference,
    }));
  }
}

export function customerName(c: Pick<CustomerWire, 'kind' | 'companyName' | 'firstName' | 'lastName'>): string {
  return c.kind === 'company' ? (c.companyName ?? '') : [c.firstName, c.lastName].filter(Boolean).join(' ');
}
