import { CallLogSchema } from './call-log.js';
import { ConnectionSchema } from './connection.js';
import { CustomerLinkSchema } from './customer-link.js';
import { CustomerSchema } from './customer.js';
import { DocumentSchema } from './document.js';
import { InvoiceSchema } from './invoice.js';
import { NotificationSchema } from './notification.js';
import { OAuthStateSchema } from './oauth-state.js';
import { RateLimitBucketSchema } from './rate-limit-bucket.js';
import { TenantSchema } from './tenant.js';

export { CallLog } from './call-log.js';
export { Connection } from './connection.js';
export { CustomerLink } from './customer-link.js';
export { Customer } from './customer.js';
export { Document } from './document.js';
export { Invoice, invoiceStatuses } from './invoice.js';
export { Notification } from './notification.js';
export { OAuthState } from './oauth-state.js';
export { RateLimitBucket } from './rate-limit-bucket.js';
export { Tenant } from './tenant.js';
export type * from './shapes.js';

/** Every entity of the hub, for the ORM configuration. */
export const entities = [
  TenantSchema,
  ConnectionSchema,
  OAuthStateSchema,
  CustomerSchema,
  CustomerLinkSchema,
  InvoiceSchema,
  DocumentSchema,
  CallLogSchema,
  NotificationSchema,
  RateLimitBucketSchema,
];
