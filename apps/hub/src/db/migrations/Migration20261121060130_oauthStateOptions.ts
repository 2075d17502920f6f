import { Migration } from '@mikro-orm/migrations';

export class Migration20261121060130_oauthStateOptions extends Migration {

  override name = 'Migration20261121060130_oauthStateOptions';

  override up(): void | Promise<void> {
    this.addSql(`alter table "oauth_state" add "options" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "oauth_state" drop column "options";`);
  }

}
