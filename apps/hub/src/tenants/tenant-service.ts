import { randomUUID } from 'node:crypto';
import { settingsRefusal } from '@accounting-hub/core';
import type pg from 'pg';
import type { ConnectorRegistry } from '../app/services.js';
import type { UnavailableCapabilities } from '../db/entities/shapes.js';
import { notFound, unprocessable } from '../errors/hub-error.js';
import { isoTime } from '../http/cursor.js';
import { generateApiKey } from '../security/api-keys.js';

export interface Settings {
  connector: string | null;
  mode: 'invoice' | 'voucher';
  invoiceStatus: 'draft' | 'finalized' | 'finalized_and_sent';
  autoSync: boolean;
}

export interface CreatedTenant {
  id: string;
  name: string;
  /** Shown once; only its prefix and hash are stored. */
  apiKey: string;
  createdAt: string;
}

interface SettingsRow {
  connector: string | null;
  mode: Settings['mode'];
  invoice_status: Settings['invoiceStatus'];
  auto_sync: boolean;
}

const toSettings = (r: SettingsRow): Settings => ({
  connector: r.connector,
  mode: r.mode,
  invoiceStatus: r.invoice_status,
  autoSync: r.auto_sync,
});

/** Tenants (created by the admin) and their sync settings. Plain SQL: one statement per operation. */
export class TenantService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly registry: ConnectorRegistry,
  ) {}

  async create(name: string): Promise<CreatedTenant> {
    const key = generateApiKey();
    const res = await this.pool.query<{ id: string; created_at: string }>(
      `insert into tenant (id, name, api_key_prefix, api_key_hash, created_at) values ($1, $2, $3, $4, now())
       returning id, ${isoTime('created_at')} as created_at`,
      [randomUUID(), name, key.prefix, key.hash],
    );
    const row = res.rows[0]!;
    return { id: row.id, name, apiKey: key.key, createdAt: row.created_at };
  }

  async settings(tenantId: string): Promise<Settings> {
    const res = await this.pool.query<SettingsRow>('select connector, mode, invoice_status, auto_sync from tenant where id = $1', [
      tenantId,
    ]);
    if (!res.rows[0]) throw notFound('tenant');
    return toSettings(res.rows[0]);
  }

  /**
   * Applies a partial update. The connector must exist, and it (and the tenant's connection to it, where there is
   * one) must be able to honour the mode and invoice status: otherwise 422 naming the field and the reason.
   */
  async updateSettings(tenantId: string, patch: Partial<Settings>): Promise<Settings> {
    const current = await this.settings(tenantId);
    const next: Settings = {
      connector: patch.connector === undefined ? current.connector : patch.connector,
      mode: patch.mode ?? current.mode,
      invoiceStatus: patch.invoiceStatus ?? current.invoiceStatus,
      autoSync: patch.autoSync ?? current.autoSync,
    };
    if (next.connector !== null) {
      const connector = this.registry.get(next.connector);
      if (!connector) {
        const known = this.registry.list().map((c) => c.manifest.id);
        throw unprocessable('unknown_connector', `There is no connector "${next.connector}" (known: ${known.join(', ') || 'none'}).`, [
          { path: 'connector', message: `unknown connector; one of ${known.join(', ')}` },
        ]);
      }
      const unavailable = await this.unavailable(tenantId, next.connector);
      const refusal = settingsRefusal(connector.manifest.displayName, connector.manifest.capabilities, next, unavailable);
      if (refusal) {
        // Blame the mode when even a draft is refused, the invoice status otherwise.
        const caps = connector.manifest.capabilities;
        const draftRefused = settingsRefusal(connector.manifest.displayName, caps, { ...next, invoiceStatus: 'draft' }, unavailable);
        const path = draftRefused ? 'mode' : 'invoiceStatus';
        throw unprocessable('setting_unsupported', refusal, [{ path, message: refusal }]);
      }
    }
    const res = await this.pool.query<SettingsRow>(
      `update tenant set connector = $2, mode = $3, invoice_status = $4, auto_sync = $5 where id = $1
       returning connector, mode, invoice_status, auto_sync`,
      [tenantId, next.connector, next.mode, next.invoiceStatus, next.autoSync],
    );
    if (!res.rows[0]) throw notFound('tenant');
    return toSettings(res.rows[0]);
  }

  /** What the tenant's connection to this connector cannot do (known after its last test), if connected. */
  private async unavailable(tenantId: string, connector: string): Promise<UnavailableCapabilities> {
    const res = await this.pool.query<{ unavailable: UnavailableCapabilities | null }>(
      'select unavailable from connection where tenant_id = $1 and connector = $2',
      [tenantId, connector],
    );
    return res.rows[0]?.unavailable ?? {};
  }
}
