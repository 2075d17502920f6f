import { randomUUID } from 'node:crypto';
import type { SandboxCustomer, SandboxDocument } from '@accounting-hub/connector-testkit/sandbox';
import { Dec } from '@accounting-hub/core';

/** A contact as the sandbox keeps it: lexoffice's own representation (notes §5.1). */
export interface StoredContact {
  id: string;
  version: number;
  createdDate: string;
  updatedDate: string;
  roles: { customer?: { number: number }; vendor?: { number: number } };
  company?: {
    name: string;
    taxNumber?: string;
    vatRegistrationId?: string;
    allowTaxFreeInvoices?: boolean;
    contactPersons?: {
      salutation?: string;
      firstName?: string;
      lastName: string;
      primary?: boolean;
      emailAddress?: string;
      phoneNumber?: string;
    }[];
  };
  person?: { salutation?: string; firstName?: string; lastName: string };
  addresses?: { billing?: StoredAddress[]; shipping?: StoredAddress[] };
  emailAddresses?: Partial<Record<string, string[]>>;
  phoneNumbers?: Partial<Record<string, string[]>>;
  xRechnung?: { buyerReference?: string; vendorNumberAtCustomer?: string };
  note?: string;
  archived: boolean;
}

export interface StoredAddress {
  supplement?: string;
  street?: string;
  zip?: string;
  city?: string;
  countryCode: string;
}

export interface StoredLineItem {
  type: 'custom' | 'text';
  name?: string;
  description?: string;
  quantity?: number;
  unitName?: string;
  unitPrice?: { currency: 'EUR'; netAmount?: number; grossAmount?: number; taxRatePercentage: number };
  discountPercentage?: number;
  /** Net or gross per the tax type, two decimals (read-only in lexoffice). */
  lineItemAmount?: number;
}

/** Invoices and credit notes (lexoffice's "sales vouchers", regular error shape). */
export interface StoredSalesVoucher {
  kind: 'invoice' | 'creditnote';
  id: string;
  version: number;
  createdDate: string;
  updatedDate: string;
  voucherStatus: 'draft' | 'open' | 'paid' | 'paidoff' | 'voided';
  voucherNumber: string;
  voucherDate: string;
  dueDate?: string;
  address: { contactId?: string; name: string; supplement?: string; street?: string; zip?: string; city?: string; countryCode: string };
  lineItems: StoredLineItem[];
  /** Exact decimals, two places. */
  totals: { net: string; tax: string; gross: string };
  taxAmounts: { taxRatePercentage: number; taxAmount: string; netAmount: string }[];
  taxConditions: { taxType: string; taxTypeNote?: string };
  paymentConditions?: { paymentTermLabel: string; paymentTermDuration: number };
  shippingConditions?: { shippingType: string; shippingDate?: string; shippingEndDate?: string };
  title?: string;
  introduction?: string;
  remark?: string;
  language: string;
  /** The invoice a credit note was pursued from. */
  precedingId?: string;
  relatedVouchers: { id: string; voucherNumber: string; voucherType: 'invoice' | 'creditnote' }[];
  /** Partner API sendmail: who it was mailed to. */
  mails: { recipients: string[]; at: string }[];
}

/** A bookkeeping voucher (legacy error shape). Amounts as exact decimals, two places. */
export interface StoredVoucher {
  id: string;
  version: number;
  createdDate: string;
  updatedDate: string;
  type: 'salesinvoice' | 'salescreditnote' | 'purchaseinvoice' | 'purchasecreditnote';
  voucherStatus: 'open' | 'unchecked';
  voucherNumber?: string;
  voucherDate?: string;
  shippingDate?: string;
  dueDate?: string;
  totalGrossAmount: string;
  totalTaxAmount: string;
  taxType: 'net' | 'gross';
  useCollectiveContact: boolean;
  contactId?: string;
  contactName?: string;
  remark?: string;
  voucherItems: { amount: string; taxAmount: string; taxRatePercent: number; categoryId: string }[];
  files: string[];
}

export interface StoredFile {
  id: string;
  voucherId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface Organization {
  id: string;
  companyName: string;
  smallBusiness: boolean;
  taxType: 'net' | 'gross' | 'vatfree';
  businessFeatures: string[];
}

/** Numbers as lexoffice's default ranges print them: RE0001, GS0001; customer numbers from 10001. */
function formatNumber(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(4, '0')}`;
}

/**
 * Everything the sandbox account holds. Plain maps: the sandbox is one process, and tests read it directly
 * (`sandbox.state`) or through the admin protocol.
 */
export class LexofficeState {
  readonly organization: Organization;
  contacts = new Map<string, StoredContact>();
  salesVouchers = new Map<string, StoredSalesVoucher>();
  vouchers = new Map<string, StoredVoucher>();
  files = new Map<string, StoredFile>();
  #customerNumber = 10000;
  #invoiceNumber = 0;
  #creditNoteNumber = 0;

  constructor(organization: Partial<Organization> = {}) {
    this.organization = {
      id: organization.id ?? randomUUID(),
      companyName: organization.companyName ?? 'SEMCO Akademie (Sandbox)',
      smallBusiness: organization.smallBusiness ?? false,
      taxType: organization.taxType ?? 'net',
      businessFeatures: organization.businessFeatures ?? ['INVOICING', 'INVOICING_PRO', 'BOOKKEEPING'],
    };
  }

  reset(): void {
    this.contacts.clear();
    this.salesVouchers.clear();
    this.vouchers.clear();
    this.files.clear();
    this.#customerNumber = 10000;
    this.#invoiceNumber = 0;
    this.#creditNoteNumber = 0;
  }

  nextCustomerNumber(): number {
    this.#customerNumber += 1;
    return this.#customerNumber;
  }

  /**
   * Every invoice created through the API takes a number, draft or not (invoice cookbook, "FAQ und Hinweise").
   * UNCERTAIN whether `GET` shows a draft's number; here it does.
   */
  nextInvoiceNumber(): string {
    this.#invoiceNumber += 1;
    return formatNumber('RE', this.#invoiceNumber);
  }

  nextCreditNoteNumber(): string {
    this.#creditNoteNumber += 1;
    return formatNumber('GS', this.#creditNoteNumber);
  }

  contactName(contact: StoredContact): string {
    if (contact.company) return contact.company.name;
    return [contact.person?.firstName, contact.person?.lastName].filter(Boolean).join(' ');
  }

  // ---- the neutral view for the testkit's admin protocol ----

  sandboxCustomers(): SandboxCustomer[] {
    return [...this.contacts.values()]
      .filter((c) => c.roles.customer)
      .map((c) => ({
        id: c.id,
        name: this.contactName(c),
        customerNumber: c.roles.customer ? String(c.roles.customer.number) : null,
        version: c.version,
        vatId: c.company?.vatRegistrationId ?? null,
      }));
  }

  sandboxDocuments(): SandboxDocument[] {
    const sales: SandboxDocument[] = [...this.salesVouchers.values()].map((s) => ({
      kind: s.kind === 'invoice' ? 'invoice' : 'credit_note',
      id: s.id,
      number: s.voucherNumber,
      externalNumber: null,
      status: s.voucherStatus,
      customerId: s.address.contactId ?? null,
      totalNet: s.totals.net,
      totalTax: s.totals.tax,
      totalGross: s.totals.gross,
      items: s.taxAmounts.map((t) => ({
        taxRate: t.taxRatePercentage,
        net: t.netAmount,
        tax: t.taxAmount,
        gross: new Dec(t.netAmount).plus(t.taxAmount).toFixed(2),
      })),
      files: [],
      precedingId: s.precedingId ?? null,
      reference: s.remark ?? null,
    }));
    const vouchers: SandboxDocument[] = [...this.vouchers.values()].map((v) => {
      const items = v.voucherItems.map((i) => {
        const net = v.taxType === 'net' ? new Dec(i.amount) : new Dec(i.amount).minus(i.taxAmount);
        return { taxRate: i.taxRatePercent, net: net.toFixed(2), tax: new Dec(i.taxAmount).toFixed(2), gross: net.plus(i.taxAmount).toFixed(2), category: i.categoryId };
      });
      const totalNet = items.reduce((acc, i) => acc.plus(i.net), new Dec(0));
      return {
        kind: 'voucher',
        id: v.id,
        number: v.voucherNumber ?? null,
        status: v.voucherStatus,
        customerId: v.contactId ?? null,
        totalNet: totalNet.toFixed(2),
        totalTax: new Dec(v.totalTaxAmount).toFixed(2),
        totalGross: new Dec(v.totalGrossAmount).toFixed(2),
        items,
        files: [...v.files],
        precedingId: null,
        reference: v.remark ?? null,
      };
    });
    return [...sales, ...vouchers];
  }
}
