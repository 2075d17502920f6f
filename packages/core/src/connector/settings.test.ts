import { describe, expect, it } from 'vitest';
import type { Capabilities } from './manifest.js';
import { type SyncSettings, settingsRefusal } from './settings.js';

const all: Capabilities = {
  invoices: true,
  invoiceFinalize: true,
  invoiceEmail: true,
  vouchers: true,
  voucherFiles: true,
  creditNotes: true,
  voucherCredits: true,
  customerUpdate: true,
  taxSituations: ['standard'],
};
const caps = (over: Partial<Capabilities>): Capabilities => ({ ...all, ...over });
const s = (mode: SyncSettings['mode'], invoiceStatus: SyncSettings['invoiceStatus'] = 'draft'): SyncSettings => ({ mode, invoiceStatus });

describe('settingsRefusal', () => {
  it('accepts every setting when the connector can do everything', () => {
    for (const status of ['draft', 'finalized', 'finalized_and_sent'] as const) {
      expect(settingsRefusal('Tool', all, s('invoice', status))).toBeNull();
      expect(settingsRefusal('Tool', all, s('voucher', status))).toBeNull();
    }
  });

  it('refuses voucher mode when the connector cannot book vouchers', () => {
    expect(settingsRefusal('Tool', caps({ vouchers: false }), s('voucher'))).toBe('Tool cannot book income vouchers (voucher mode).');
  });

  it('ignores the invoice status in voucher mode (vouchers are final by definition)', () => {
    const c = caps({ invoices: false, invoiceFinalize: false, invoiceEmail: false });
    expect(settingsRefusal('Tool', c, s('voucher', 'finalized_and_sent'))).toBeNull();
  });

  it('refuses invoice mode when the connector cannot create invoices, whatever the status', () => {
    for (const status of ['draft', 'finalized', 'finalized_and_sent'] as const) {
      expect(settingsRefusal('Tool', caps({ invoices: false }), s('invoice', status))).toBe('Tool cannot create invoices (invoice mode).');
    }
  });

  it('accepts drafts without finalize or e-mail', () => {
    expect(settingsRefusal('Tool', caps({ invoiceFinalize: false, invoiceEmail: false }), s('invoice', 'draft'))).toBeNull();
  });

  it('refuses finalized invoices without the finalize capability', () => {
    expect(settingsRefusal('Tool', caps({ invoiceFinalize: false }), s('invoice', 'finalized'))).toBe('Tool cannot finalize invoices.');
    expect(settingsRefusal('Tool', caps({ invoiceFinalize: false }), s('invoice', 'finalized_and_sent'))).toBe(
      'Tool cannot finalize invoices.',
    );
  });

  it('refuses finalized-and-sent without the e-mail capability, but not plain finalized', () => {
    expect(settingsRefusal('Tool', caps({ invoiceEmail: false }), s('invoice', 'finalized_and_sent'))).toBe(
      'Tool cannot send invoices by e-mail.',
    );
    expect(settingsRefusal('Tool', caps({ invoiceEmail: false }), s('invoice', 'finalized'))).toBeNull();
  });

  it('refuses what this connection lacks, with the reason, although the connector has it', () => {
    const why = 'e-mail sending needs the lexoffice partner API';
    expect(settingsRefusal('lexoffice', all, s('invoice', 'finalized_and_sent'), { invoiceEmail: why })).toBe(
      `lexoffice cannot send invoices by e-mail on this connection: ${why}`,
    );
    expect(settingsRefusal('lexoffice', all, s('invoice', 'finalized'), { invoiceEmail: why })).toBeNull();
    expect(settingsRefusal('sevdesk', all, s('voucher'), { vouchers: 'the plan has no bookkeeping' })).toBe(
      'sevdesk cannot book income vouchers (voucher mode) on this connection: the plan has no bookkeeping',
    );
    expect(settingsRefusal('Tool', all, s('invoice', 'draft'), { invoices: 'read-only key' })).toBe(
      'Tool cannot create invoices (invoice mode) on this connection: read-only key',
    );
  });

  it('names the missing capability of the connector before the reason of the connection', () => {
    expect(settingsRefusal('Tool', caps({ invoiceFinalize: false }), s('invoice', 'finalized_and_sent'), { invoiceEmail: 'x' })).toBe(
      'Tool cannot finalize invoices.',
    );
  });
});
