import { z } from 'zod';
import type { Cancellation } from '../model/cancellation.js';
import type { Customer } from '../model/customer.js';
import type { DocumentFile } from '../model/document.js';
import type { Invoice } from '../model/invoice.js';
import type { Money } from '../money/decimal.js';
import type { InvoiceTotals } from '../tax/column-method.js';
import type { BookkeepingItem } from '../tax/grouping.js';
import type { HttpClient } from '../http/types.js';
import type { Logger } from './logger.js';
import { type ConnectorManifest, capabilities } from './manifest.js';

/** How the tool should leave an invoice created in invoice mode. */
export const invoiceStatus = z.enum(['draft', 'finalized', 'finalized_and_sent']);
export type InvoiceStatus = z.infer<typeof invoiceStatus>;

export const syncMode = z.enum(['invoice', 'voucher']);
export type SyncMode = z.infer<typeof syncMode>;

/** Connector-owned facts about a connection, persisted by the hub (e.g. sevdesk's tax system, category ids). */
export const connectionState = z.record(z.string(), z.json());
export type ConnectionState = z.infer<typeof connectionState>;

export type ConnectionAuth<Credentials> =
  | { kind: 'api_token'; credentials: Credentials }
  | { kind: 'oauth2'; accessToken: string };

export interface ConnectorContext<Credentials = unknown, Options = unknown> {
  tenant: { id: string; name: string };
  connection: { id: string; auth: ConnectionAuth<Credentials>; options: Options; state: ConnectionState };
  logger: Logger;
  /** The only way to the network: rate-limited, recorded, redacted. */
  http: HttpClient;
  signal?: AbortSignal;
}

// ---- results, validated by the hub when a connector answers (plugins are third-party code) ----

export const remoteCustomer = z.object({
  id: z.string().min(1),
  /** The customer number the tool assigned (lexoffice Kundennummer), written back to the tenant. */
  customerNumber: z.string().optional(),
  version: z.number().int().optional(),
});
export type RemoteCustomer = z.infer<typeof remoteCustomer>;

/**
 * What a remote document is: an invoice or credit note the tool created (invoice mode), or a voucher the tool
 * booked (voucher mode). A voucher-mode cancellation (income-reduction voucher) is a `voucher` too; which of the
 * two a voucher is follows from `FindBookedInput.purpose`.
 */
export const remoteKind = z.enum(['invoice', 'voucher', 'credit_note']);
export type RemoteKind = z.infer<typeof remoteKind>;

export const remoteDocument = z.object({
  kind: remoteKind,
  id: z.string().min(1),
  /** The number in the tool: assigned by it in invoice mode, the tenant's own in voucher mode. */
  number: z.string().optional(),
  /** The tool's status word (draft, open, ...). */
  status: z.string().optional(),
  version: z.number().int().optional(),
});
export type RemoteDocument = z.infer<typeof remoteDocument>;

export const testConnectionResult = z.object({
  account: z.object({ id: z.string().optional(), name: z.string().optional() }).catchall(z.json()),
  /** When the credentials stop working (lexoffice API keys live 24 months): shown to the tenant. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  state: connectionState.optional(),
  /** Capabilities this particular connection lacks, with the reason (e.g. e-mail needs the partner API). */
  unavailable: z.partialRecord(capabilities.keyof(), z.string()).optional(),
});
export type TestConnectionResult = z.infer<typeof testConnectionResult>;

export const upsertCustomerResult = z.object({
  customer: remoteCustomer,
  action: z.enum(['created', 'updated', 'unchanged']),
});
export type UpsertCustomerResult = z.infer<typeof upsertCustomerResult>;

export const bookResult = z.object({
  document: remoteDocument,
  /** Whether the input's file is already attached; if not, and the tool can, the hub calls attachDocument. */
  fileAttached: z.boolean(),
});
export type BookResult = z.infer<typeof bookResult>;

export const attachResult = z.object({ fileId: z.string().min(1) });
export type AttachResult = z.infer<typeof attachResult>;

export const findBookedResult = z.object({ document: remoteDocument.nullable() });
export type FindBookedResult = z.infer<typeof findBookedResult>;

// ---- inputs ----

export interface UpsertCustomerInput {
  customer: Customer;
  /** The link stored by an earlier sync, if any. */
  remote: RemoteCustomer | null;
}

/**
 * A stable token the hub derives from the document (tenant and invoice id). Connectors put it where the tool
 * keeps free text, so that `findBooked` can recognise a document whose number the tool assigned.
 */
export type Reference = string;

/**
 * A connector whose tool creates a draft first and finalizes (or sends) it in a further call must take up a draft
 * that `reference` already names instead of creating another: when `findBooked` answers a document with status
 * `draft` for a booking asked to be finalized, the create landed but the rest did not, and the hub calls
 * `bookInvoice` again to finish it.
 */
export interface BookInvoiceInput {
  invoice: Invoice;
  customer: RemoteCustomer;
  status: InvoiceStatus;
  totals: InvoiceTotals;
  reference: Reference;
}

export interface BookVoucherInput {
  invoice: Invoice;
  customer: RemoteCustomer;
  totals: InvoiceTotals;
  /** Lines grouped by tax rate and revenue category, with the column-method tax split to the cent. */
  items: BookkeepingItem[];
  /** The tenant's invoice document; attach it in the same call where the tool works that way (sevdesk). */
  file: DocumentFile | undefined;
  reference: Reference;
}

export interface AttachDocumentInput {
  document: RemoteDocument;
  file: DocumentFile;
}

/**
 * Invoice mode: a credit note linked to the original, always finalized (a draft credit note would leave the
 * cancelled invoice open in the books). Voucher mode: an income-reduction voucher with the cancellation document.
 */
export interface CreditInput {
  mode: SyncMode;
  /** The booked original; the cancellation reverses all of it. */
  original: { invoice: Invoice; document: RemoteDocument; totals: InvoiceTotals; items: BookkeepingItem[] };
  cancellation: Cancellation;
  customer: RemoteCustomer;
  reference: Reference;
}

export interface FindBookedInput {
  kind: RemoteKind;
  purpose: 'invoice' | 'cancellation';
  /** The tenant's number of the document (the voucher number in voucher mode). */
  number: string;
  reference: Reference;
  date: string;
  totalGross: Money;
  customer: RemoteCustomer | null;
}

/**
 * A bookkeeping tool. Every operation is present; capability flags in the manifest say which the hub may call,
 * so that a setting the tool cannot honour is refused up front instead of failing later.
 * Operations throw ConnectorError (see errors/) and nothing else on expected failures.
 */
export interface Connector<Credentials = unknown, Options = unknown> {
  manifest: ConnectorManifest<Credentials, Options>;
  testConnection(ctx: ConnectorContext<Credentials, Options>): Promise<TestConnectionResult>;
  upsertCustomer(ctx: ConnectorContext<Credentials, Options>, input: UpsertCustomerInput): Promise<UpsertCustomerResult>;
  bookInvoice(ctx: ConnectorContext<Credentials, Options>, input: BookInvoiceInput): Promise<BookResult>;
  bookVoucher(ctx: ConnectorContext<Credentials, Options>, input: BookVoucherInput): Promise<BookResult>;
  attachDocument(ctx: ConnectorContext<Credentials, Options>, input: AttachDocumentInput): Promise<AttachResult>;
  credit(ctx: ConnectorContext<Credentials, Options>, input: CreditInput): Promise<BookResult>;
  /** Looks a document up to settle an uncertain outcome. Must not create anything. */
  findBooked(ctx: ConnectorContext<Credentials, Options>, input: FindBookedInput): Promise<FindBookedResult>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds connectors of every credential and option type
export type AnyConnector = Connector<any, any>;
