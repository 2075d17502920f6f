import type { ConnectorError, TestConnectionResult } from '@accounting-hub/core';
import type { ConnectionAccount, ConnectionState, JsonObject, StoredError, UnavailableCapabilities } from '../db/entities/shapes.js';
import type { Queryable } from '../ratelimit/postgres-rate-limit-store.js';
import type { SecretBox } from '../security/secret-box.js';

/**
 * The connection writes, each one SQL statement so that it is atomic across hub processes (the sync engine reads
 * these rows from other processes while a tenant reconnects).
 */

export interface SaveConnectionInput {
  /** The id to use for a new row; an existing row of the tenant and connector keeps its own. */
  id: string;
  tenantId: string;
  connector: string;
  authKind: 'api_token' | 'oauth2';
  /** Sealed here, with the id of the row it ends up in as the context. */
  secret: unknown;
  options: JsonObject;
  state: ConnectionState;
  account: ConnectionAccount | null;
  unavailable: UnavailableCapabilities | null;
  authenticatedAt: Date;
  reauthBy: Date | null;
  accessTokenExpiresAt: Date | null;
  lastError: StoredError | null;
}

const COLUMNS = `auth_kind = excluded.auth_kind, status = 'active', secret = excluded.secret, options = excluded.options,
  state = excluded.state, account = excluded.account, unavailable = excluded.unavailable,
  authenticated_at = excluded.authenticated_at, reauth_by = excluded.reauth_by,
  access_token_expires_at = excluded.access_token_expires_at, last_error = excluded.last_error,
  refresh_locked_until = null, updated_at = now()`;

/**
 * Creates or replaces the tenant's connection to a connector (status active, any refresh lease dropped) and answers
 * its id. The secret is sealed for the row's id; the `where` makes a row that appeared meanwhile with another id
 * (a concurrent connect) refuse the blob sealed for ours, and the loop seals again for that row.
 */
export async function saveConnection(pool: Queryable, box: SecretBox, input: SaveConnectionInput): Promise<string> {
  let id = input.id;
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows } = await pool.query<{ id: string }>(
      `insert into connection as c (id, tenant_id, connector, auth_kind, status, secret, options, state, account, unavailable,
         authenticated_at, reauth_by, access_token_expires_at, last_error, refresh_locked_until, created_at, updated_at)
       values ($1, $2, $3, $4, 'active', $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11, $12, $13::jsonb, null, now(), now())
       on conflict (tenant_id, connector) do update set ${COLUMNS} where c.id = excluded.id
       returning id`,
      [
        id,
        input.tenantId,
        input.connector,
        input.authKind,
        box.seal(input.secret, id),
        JSON.stringify(input.options),
        JSON.stringify(input.state),
        json(input.account),
        json(input.unavailable),
        input.authenticatedAt,
        input.reauthBy,
        input.accessTokenExpiresAt,
        json(input.lastError),
      ],
    );
    if (rows[0]) return rows[0].id;
    const existing = await pool.query<{ id: string }>('select id from connection where tenant_id = $1 and connector = $2', [
      input.tenantId,
      input.connector,
    ]);
    id = existing.rows[0]?.id ?? input.id;
  }
  throw new Error(`Could not save the ${input.connector} connection of tenant ${input.tenantId}: it kept changing`);
}

/** A passed test: the account facts are current and the connection works again. */
export async function recordTestSuccess(pool: Queryable, id: string, result: TestConnectionResult): Promise<void> {
  await pool.query(
    `update connection set status = 'active', last_error = null, account = $2::jsonb,
       state = coalesce($3::jsonb, state), unavailable = $4::jsonb, reauth_by = coalesce($5, reauth_by), updated_at = now()
     where id = $1`,
    [id, JSON.stringify(result.account), json(result.state), json(result.unavailable ?? null), result.expiresAt ?? null],
  );
}

/**
 * A failed test that is not about the credentials. A retriable failure (the tool is down) says nothing about the
 * connection, so only the error is kept; a lasting one (validation, unsupported) puts it in `error`.
 */
export async function recordTestFailure(pool: Queryable, id: string, error: ConnectorError, keepStatus = false): Promise<void> {
  const status = keepStatus || error.retriable ? null : 'error';
  await pool.query(
    `update connection set last_error = $2::jsonb, status = coalesce($3, status), updated_at = now() where id = $1`,
    [id, JSON.stringify(storedError(error)), status],
  );
}

/**
 * The tool refused the credentials for good: the tenant must connect again. With `ifSecret`, only while the stored
 * secret is still that blob, so that a refusal of an old OAuth token never kills a connection another process has
 * refreshed meanwhile. Answers whether the row changed.
 */
export async function markReauthRequired(pool: Queryable, id: string, error: StoredError, ifSecret?: string): Promise<boolean> {
  const { rows } = await pool.query<{ id: string }>(
    `update connection set status = 'reauth_required', last_error = $2::jsonb, refresh_locked_until = null, updated_at = now()
     where id = $1 and ($3::text is null or secret = $3) returning id`,
    [id, JSON.stringify(error), ifSecret ?? null],
  );
  return rows.length > 0;
}

export async function deleteConnection(pool: Queryable, id: string): Promise<void> {
  await pool.query('delete from connection where id = $1', [id]);
}

export function storedError(error: ConnectorError, at = new Date()): StoredError {
  return { ...error.toJSON(), at: at.toISOString() };
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
