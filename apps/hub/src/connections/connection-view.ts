import type { ConnectionView } from '../app/services.js';
import type { Connection } from '../db/entities/connection.js';

/** A connection as `GET /v1/connections` shows it: never the secret, options or refresh bookkeeping. */
export function toConnectionView(c: Connection): ConnectionView {
  return {
    connector: c.connector,
    authKind: c.authKind,
    status: c.status,
    authenticatedAt: iso(c.authenticatedAt),
    reauthBy: iso(c.reauthBy),
    lastError: c.lastError ?? null,
    account: c.account ?? null,
    unavailable: c.unavailable ?? null,
  };
}

function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
