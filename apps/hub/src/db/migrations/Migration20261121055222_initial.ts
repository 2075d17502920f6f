import { Migration } from '@mikro-orm/migrations';

export class Migration20261121055222_initial extends Migration {

  override name = 'Migration20261121055222_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "rate_limit_bucket" ("key" varchar(200) not null, "tokens" double precision not null, "refilled_at" timestamptz not null, "paused_until" timestamptz null, primary key ("key"));`);

    this.addSql(`create table "tenant" ("id" uuid not null, "name" varchar(200) not null, "api_key_prefix" varchar(12) not null, "api_key_hash" varchar(64) not null, "connector" varchar(40) null, "mode" text not null default 'voucher', "invoice_status" text not null default 'draft', "auto_sync" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "tenant" add constraint "tenant_api_key_prefix_unique" unique ("api_key_prefix");`);

    this.addSql(`create table "oauth_state" ("state" varchar(64) not null, "tenant_id" uuid not null, "connector" varchar(40) not null, "code_verifier" text not null, "redirect_to" text null, "expires_at" timestamptz not null, "created_at" timestamptz not null, primary key ("state"));`);
    this.addSql(`create index "oauth_state_expires_at_index" on "oauth_state" ("expires_at");`);

    this.addSql(`create table "customer" ("id" uuid not null, "tenant_id" uuid not null, "ref" varchar(100) not null, "data" jsonb not null, "sync_disabled" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "customer" add constraint "customer_tenant_id_ref_unique" unique ("tenant_id", "ref");`);

    this.addSql(`create table "invoice" ("id" uuid not null, "tenant_id" uuid not null, "number" varchar(64) not null, "idempotency_key" varchar(200) null, "body_hash" varchar(64) not null, "data" jsonb not null, "customer_id" uuid not null, "date" date not null, "status" text not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz null, "last_error" jsonb null, "booked_at" timestamptz null, "remote" jsonb null, "cancellation" jsonb null, "pending_write" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "invoice_tenant_id_date_index" on "invoice" ("tenant_id", "date");`);
    this.addSql(`create index "invoice_tenant_id_status_index" on "invoice" ("tenant_id", "status");`);
    this.addSql(`create index "invoice_customer_id_index" on "invoice" ("customer_id");`);
    this.addSql(`create index "invoice_due_index" on "invoice" ("next_attempt_at") where next_attempt_at is not null;`);
    this.addSql(`alter table "invoice" add constraint "invoice_tenant_id_number_unique" unique ("tenant_id", "number");`);
    this.addSql(`alter table "invoice" add constraint "invoice_tenant_id_idempotency_key_unique" unique ("tenant_id", "idempotency_key");`);

    this.addSql(`create table "notification" ("id" uuid not null, "tenant_id" uuid not null, "invoice_id" uuid null, "connector" varchar(40) null, "kind" varchar(40) not null, "message" text not null, "details" jsonb null, "state" text not null default 'open', "resolution" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "notification_tenant_id_state_created_at_index" on "notification" ("tenant_id", "state", "created_at");`);
    this.addSql(`create index "notification_invoice_id_index" on "notification" ("invoice_id");`);
    this.addSql(`create unique index "notification_open_invoice_kind_unique" on "notification" ("invoice_id", "kind") where state = 'open';`);

    this.addSql(`create table "document" ("id" uuid not null, "invoice_id" uuid not null, "purpose" text not null, "filename" varchar(255) not null, "content_type" varchar(100) not null, "content" bytea not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "document" add constraint "document_invoice_id_purpose_unique" unique ("invoice_id", "purpose");`);

    this.addSql(`create table "customer_link" ("id" uuid not null, "customer_id" uuid not null, "connector" varchar(40) not null, "remote_id" varchar(200) not null, "customer_number" varchar(100) null, "version" int null, "synced_hash" varchar(64) null, "synced_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "customer_link" add constraint "customer_link_customer_id_connector_unique" unique ("customer_id", "connector");`);

    this.addSql(`create table "connection" ("id" uuid not null, "tenant_id" uuid not null, "connector" varchar(40) not null, "auth_kind" text not null, "status" text not null default 'active', "secret" text not null, "options" jsonb not null default '{}', "state" jsonb not null default '{}', "account" jsonb null, "unavailable" jsonb null, "authenticated_at" timestamptz null, "reauth_by" timestamptz null, "access_token_expires_at" timestamptz null, "last_error" jsonb null, "refresh_locked_until" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "connection" add constraint "connection_tenant_id_connector_unique" unique ("tenant_id", "connector");`);

    this.addSql(`create table "call_log" ("id" bigserial primary key, "at" timestamptz not null, "tenant_id" uuid not null, "connector" varchar(40) not null, "connection_id" uuid null, "invoice_id" uuid null, "operation" varchar(60) null, "attempt" int not null, "method" varchar(10) not null, "host" varchar(255) not null, "path" text not null, "status_code" int null, "duration_ms" int not null, "error" boolean not null, "message" text null, "request" jsonb null, "response" jsonb null);`);
    this.addSql(`create index "call_log_tenant_at_id_index" on "call_log" ("tenant_id", "at", "id");`);
    this.addSql(`create index "call_log_invoice_id_index" on "call_log" ("invoice_id");`);
    this.addSql(`create index "call_log_at_index" on "call_log" ("at");`);

    this.addSql(`alter table "tenant" add constraint "tenant_mode_check" check ("mode" in ('invoice', 'voucher'));`);
    this.addSql(`alter table "tenant" add constraint "tenant_invoice_status_check" check ("invoice_status" in ('draft', 'finalized', 'finalized_and_sent'));`);

    this.addSql(`alter table "oauth_state" add constraint "oauth_state_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on delete cascade;`);

    this.addSql(`alter table "customer" add constraint "customer_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on delete cascade;`);

    this.addSql(`alter table "invoice" add constraint "invoice_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on delete cascade;`);
    this.addSql(`alter table "invoice" add constraint "invoice_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete restrict;`);
    this.addSql(`alter table "invoice" add constraint "invoice_status_check" check ("status" in ('pending', 'syncing', 'booked', 'failed', 'resolved'));`);

    this.addSql(`alter table "notification" add constraint "notification_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on delete cascade;`);
    this.addSql(`alter table "notification" add constraint "notification_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete cascade;`);
    this.addSql(`alter table "notification" add constraint "notification_state_check" check ("state" in ('open', 'resolved'));`);
    this.addSql(`alter table "notification" add constraint "notification_resolution_check" check ("resolution" in ('synced', 'manual'));`);

    this.addSql(`alter table "document" add constraint "document_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete cascade;`);
    this.addSql(`alter table "document" add constraint "document_purpose_check" check ("purpose" in ('invoice', 'cancellation'));`);

    this.addSql(`alter table "customer_link" add constraint "customer_link_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);

    this.addSql(`alter table "connection" add constraint "connection_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on delete cascade;`);
    this.addSql(`alter table "connection" add constraint "connection_auth_kind_check" check ("auth_kind" in ('oauth2', 'api_token'));`);
    this.addSql(`alter table "connection" add constraint "connection_status_check" check ("status" in ('active', 'reauth_required', 'error'));`);

    this.addSql(`alter table "call_log" add constraint "call_log_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "oauth_state" drop constraint "oauth_state_tenant_id_foreign";`);
    this.addSql(`alter table "customer" drop constraint "customer_tenant_id_foreign";`);
    this.addSql(`alter table "invoice" drop constraint "invoice_tenant_id_foreign";`);
    this.addSql(`alter table "notification" drop constraint "notification_tenant_id_foreign";`);
    this.addSql(`alter table "connection" drop constraint "connection_tenant_id_foreign";`);
    this.addSql(`alter table "call_log" drop constraint "call_log_tenant_id_foreign";`);
    this.addSql(`alter table "invoice" drop constraint "invoice_customer_id_foreign";`);
    this.addSql(`alter table "customer_link" drop constraint "customer_link_customer_id_foreign";`);
    this.addSql(`alter table "notification" drop constraint "notification_invoice_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_invoice_id_foreign";`);

    this.addSql(`drop table if exists "rate_limit_bucket" cascade;`);
    this.addSql(`drop table if exists "tenant" cascade;`);
    this.addSql(`drop table if exists "oauth_state" cascade;`);
    this.addSql(`drop table if exists "customer" cascade;`);
    this.addSql(`drop table if exists "invoice" cascade;`);
    this.addSql(`drop table if exists "notification" cascade;`);
    this.addSql(`drop table if exists "document" cascade;`);
    this.addSql(`drop table if exists "customer_link" cascade;`);
    this.addSql(`drop table if exists "connection" cascade;`);
    this.addSql(`drop table if exists "call_log" cascade;`);
  }

}
