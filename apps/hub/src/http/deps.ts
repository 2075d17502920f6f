import type { EntityManager } from '@mikro-orm/postgresql';
import type { AwilixContainer } from 'awilix';
import type pg from 'pg';
import type { HubLogger } from '../app/logger.js';
import type { HubRuntime } from '../app/runtime.js';
import type { ConnectionService, ConnectorRegistry, NotificationService, SyncService } from '../app/services.js';
import type { Config } from '../config/env.js';
import { CustomerService } from '../customers/customer-service.js';
import { createNotificationService } from '../inbox/notification-service.js';
import { NotificationQueries } from '../inbox/notification-queries.js';
import { CancelService } from '../intake/cancel-service.js';
import { IntakeService } from '../intake/intake-service.js';
import { InvoiceQueries } from '../intake/invoice-queries.js';
import type { JobCatalog } from '../jobs/queue.js';
import { LogQueries } from '../logs/log-queries.js';
import { TenantService } from '../tenants/tenant-service.js';

/** Everything the routes use: the container's parts and services, and the HTTP layer's own services. */
export interface HttpDeps {
  config: Config;
  logger: HubLogger;
  pool: pg.Pool;
  /** A fresh EntityManager fork. */
  em: () => EntityManager;
  adminToken: string | undefined;
  registry: ConnectorRegistry;
  connections: ConnectionService;
  sync: SyncService;
  notifications: NotificationService;
  tenants: TenantService;
  customers: CustomerService;
  intake: IntakeService;
  cancellations: CancelService;
  invoices: InvoiceQueries;
  notificationQueries: NotificationQueries;
  logs: LogQueries;
}

/** The container's registration names of the services other layers implement. */
export const SERVICE_NAMES = {
  registry: 'connectorRegistry',
  connections: 'connectionService',
  sync: 'syncService',
  notifications: 'notificationService',
} as const;

/**
 * Resolves the services from the runtime's container (they must be registered before the app is built; the
 * notification service falls back to the inbox's own implementation when the container has none). `overrides`
 * replace parts (tests); the HTTP layer's own services are built on the result.
 */
export function resolveHttpDeps<C extends JobCatalog>(runtime: HubRuntime<C>, overrides: Partial<HttpDeps> = {}): HttpDeps {
  const container = runtime.container as unknown as AwilixContainer<Record<string, unknown>>;
  const { config, logger, pool, orm, adminToken } = runtime.cradle;
  const resolve = <T>(name: string, fallback?: () => T): T => {
    if (container.hasRegistration(name)) return container.resolve(name) as T;
    if (fallback) return fallback();
    throw new Error(`the container has no "${name}": register it before building the HTTP app`);
  };
  const em = () => orm.em.fork();
  const base = {
    config,
    logger,
    pool,
    em,
    adminToken,
    ...overrides,
  };
  const registry = overrides.registry ?? resolve<ConnectorRegistry>(SERVICE_NAMES.registry);
  const sync = overrides.sync ?? resolve<SyncService>(SERVICE_NAMES.sync);
  const connections = overrides.connections ?? resolve<ConnectionService>(SERVICE_NAMES.connections);
  const notifications =
    overrides.notifications ??
    resolve<NotificationService>(SERVICE_NAMES.notifications, () => createNotificationService({ pool: base.pool, em: base.em }));
  return {
    ...base,
    registry,
    connections,
    sync,
    notifications,
    tenants: new TenantService(base.pool, registry),
    customers: new CustomerService(base.pool),
    intake: new IntakeService(base.pool, sync),
    cancellations: new CancelService(base.pool, sync),
    invoices: new InvoiceQueries(base.pool),
    notificationQueries: new NotificationQueries(base.pool),
    logs: new LogQueries(base.pool),
    ...overrides,
  };
}
