import type { seedCancellations, seedInvoiceInputs } from '@accounting-hub/core/seeds';

export type TenantKey = 'lexofficeVoucher' | 'lexofficeInvoice' | 'sevdeskInvoice';
export type SeedInvoice = keyof typeof seedInvoiceInputs;
export type SeedCancellation = keyof typeof seedCancellations;

/** One seed invoice a tenant submits, what must come of it, and the cancellation that follows once it is booked. */
export interface InvoiceScenario {
  seed: SeedInvoice;
  /** `booked`: booked in the tool; `inbox`: refused by the tool, the invoice failed with an open notification. */
  expect: 'booked' | 'inbox';
  cancel?: SeedCancellation;
}

export interface DemoTenantSpec {
  key: TenantKey;
  /** The tenant's name in the hub (and lexoffice's connection name). */
  name: string;
  /** Short, for the table. */
  label: string;
  connector: 'lexoffice' | 'sevdesk';
  auth: 'api_key' | 'oauth';
  settings: { mode: 'invoice' | 'voucher'; invoiceStatus: 'draft' | 'finalized' | 'finalized_and_sent' };
  invoices: InvoiceScenario[];
}

/**
 * The demo's tenants and what each submits: the SEMCO guide's worked examples (shared/seeds/000) in the mode the
 * guide books them in, the same bookings once more into sevdesk, and the inbox example (Börse GmbH, whose VAT id
 * lexoffice refuses). The order is the submission order.
 */
export const DEMO_TENANTS: readonly DemoTenantSpec[] = [
  {
    key: 'lexofficeVoucher',
    name: 'SEMCO Akademie (Belege)',
    label: 'SEMCO Belege',
    connector: 'lexoffice',
    auth: 'api_key',
    // Voucher mode: the tenant issued the invoice; invoiceStatus does not apply.
    settings: { mode: 'voucher', invoiceStatus: 'draft' },
    invoices: [
      { seed: 'bettinaWolf', expect: 'booked' },
      { seed: 'iLearn', expect: 'booked', cancel: 'iLearn' },
      { seed: 'boerseGmbH', expect: 'inbox' },
    ],
  },
  {
    key: 'lexofficeInvoice',
    name: 'SEMCO Akademie (Pro-forma)',
    label: 'SEMCO Pro-forma',
    connector: 'lexoffice',
    auth: 'oauth',
    settings: { mode: 'invoice', invoiceStatus: 'finalized' },
    invoices: [
      { seed: 'jannikHuber', expect: 'booked' },
      { seed: 'jodelUndSoehne', expect: 'booked', cancel: 'jodelUndSoehne' },
    ],
  },
  {
    key: 'sevdeskInvoice',
    name: 'SEMCO Akademie (sevdesk)',
    label: 'SEMCO sevdesk',
    connector: 'sevdesk',
    auth: 'api_key',
    // Invoice mode, finalized: sevdesk issues the invoice under its own number, which the table shows.
    settings: { mode: 'invoice', invoiceStatus: 'finalized' },
    invoices: [
      { seed: 'jannikHuber', expect: 'booked' },
      { seed: 'jodelUndSoehne', expect: 'booked' },
      { seed: 'bettinaWolf', expect: 'booked' },
      { seed: 'iLearn', expect: 'booked' },
    ],
  },
];

/** Documents (invoices and cancellations) the demo books or expects in the inbox. */
export function documentCount(tenants: readonly DemoTenantSpec[] = DEMO_TENANTS): number {
  return tenants.reduce((n, t) => n + t.invoices.length + t.invoices.filter((i) => i.cancel).length, 0);
}

/** "API key", "API token" (sevdesk's word), "OAuth". */
export function authLabel(spec: DemoTenantSpec): string {
  return spec.auth === 'oauth' ? 'OAuth' : spec.connector === 'sevdesk' ? 'API token' : 'API key';
}

/** "voucher, API key", "invoice finalized, OAuth". */
export function modeLabel(spec: DemoTenantSpec): string {
  const auth = authLabel(spec);
  const mode = spec.settings.mode === 'voucher' ? 'voucher' : `invoice ${spec.settings.invoiceStatus.replace(/_/g, ' ')}`;
  return `${mode}, ${auth}`;
}
