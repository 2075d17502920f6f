import { z } from 'zod';
import { nextCursor, pageQuery, tenantIdFilter, timestamp } from './common.js';

export const notificationListQuery = z.strictObject({
  state: z.enum(['open', 'resolved']).optional().describe('Default: both'),
  tenantId: tenantIdFilter,
  ...pageQuery,
});

export const notificationView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    invoiceId: z.uuid().nullable().describe('null for connection notifications (reauth_required)'),
    connector: z.string().nullable(),
    kind: z.string().describe('sync_failed, cancel_failed, reauth_required, ...'),
    message: z.string(),
    state: z.enum(['open', 'resolved']),
    createdAt: timestamp,
    updatedAt: timestamp,
    resolvedAt: timestamp.nullable(),
    resolution: z.enum(['synced', 'manual']).nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationView = z.infer<typeof notificationView>;

export const notificationList = z.object({ items: z.array(notificationView), nextCursor }).meta({ id: 'NotificationList' });
