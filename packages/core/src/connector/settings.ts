import type { Capabilities } from './manifest.js';
import type { InvoiceStatus, SyncMode } from './contract.js';

export interface SyncSettings {
  mode: SyncMode;
  invoiceStatus: InvoiceStatus;
}

/**
 * Why the connector cannot honour these settings, or null when it can. The hub asks before it stores settings
 * (and before each sync, since a connection may lack what the connector has).
 */
export function settingsRefusal(
  displayName: string,
  caps: Capabilities,
  settings: SyncSettings,
  unavailable: Partial<Record<keyof Capabilities, string>> = {},
): string | null {
  const need = (cap: keyof Capabilities, what: string): string | null => {
    if (!caps[cap]) return `${displayName} cannot ${what}.`;
    const why = unavailable[cap];
    return why ? `${displayName} cannot ${what} on this connection: ${why}` : null;
  };
  if (settings.mode === 'voucher') return need('vouchers', 'book income vouchers (voucher mode)');
  const invoices = need('invoices', 'create invoices (invoice mode)');
  if (invoices) return invoices;
  if (settings.invoiceStatus === 'finalized' || settings.invoiceStatus === 'finalized_and_sent') {
    const fin = need('invoiceFinalize', 'finalize invoices');
    if (fin) return fin;
  }
  if (settings.invoiceStatus === 'finalized_and_sent') return need('invoiceEmail', 'send invoices by e-mail');
  return null;
}
