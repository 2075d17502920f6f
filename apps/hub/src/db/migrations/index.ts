import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121055222_initial } from './Migration20261121055222_initial.js';
import { Migration20261121060130_oauthStateOptions } from './Migration20261121060130_oauthStateOptions.js';
import { Migration20261121064507_invoiceListIndexes } from './Migration20261121064507_invoiceListIndexes.js';

/**
 * Every migration, oldest first. A new one: `pnpm --filter @accounting-hub/hub migration:create <name>` writes the
 * difference between the entities and these migrations; add its class here and read its SQL.
 */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261121055222_initial', class: Migration20261121055222_initial },
  // OAuth options (e.g. lexoffice's authBaseUrl) travel from the authorize request to the callback.
  { name: 'Migration20261121060130_oauthStateOptions', class: Migration20261121060130_oauthStateOptions },
  // GET /v1/invoices pages by (created_at, id) per tenant (and status): indexes instead of sorting all the tenant's
  // invoices per page (docs/performance.md).
  { name: 'Migration20261121064507_invoiceListIndexes', class: Migration20261121064507_invoiceListIndexes },
];
