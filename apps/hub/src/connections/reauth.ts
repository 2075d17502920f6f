import type { AnyConnector, ConnectorError } from '@accounting-hub/core';
import type { NotificationService } from '../app/services.js';

/** The inbox text: what happened and the one thing the tenant can do about it. */
export function reauthMessage(connector: AnyConnector, reason: string): string {
  const name = connector.manifest.displayName;
  const sentence = /[.!?]$/.test(reason.trim()) ? reason.trim() : `${reason.trim()}.`;
  return `The ${name} connection stopped working: ${sentence} Connect ${name} again in the settings; invoices that failed meanwhile are synced again afterwards.`;
}

/** Opens (or updates) the tenant's `reauth_required` notification for the connector. */
export async function openReauthNotification(
  notifications: NotificationService,
  args: { tenantId: string; connectionId: string; connector: AnyConnector; message: string; error: ConnectorError },
): Promise<void> {
  await notifications.openForConnection({
    tenantId: args.tenantId,
    connector: args.connector.manifest.id,
    message: args.message,
    details: { connectionId: args.connectionId, error: args.error.toJSON() },
  });
}
