import { Migration } from '@mikro-orm/migrations';

export class Migration20261121064507_invoiceListIndexes extends Migration {

  override name = 'Migration20261121064507_invoiceListIndexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "invoice_tenant_id_status_index";`);
    this.addSql(`create index "invoice_tenant_id_status_created_at_id_index" on "invoice" ("tenant_id", "status", "created_at", "id");`);
    this.addSql(`create index "invoice_tenant_id_created_at_id_index" on "invoice" ("tenant_id", "created_at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "invoice_tenant_id_status_created_at_id_index";`);
    this.addSql(`drop index "invoice_tenant_id_created_at_id_index";`);
    this.addSql(`create index "invoice_tenant_id_status_index" on "invoice" ("tenant_id", "status");`);
  }

}
