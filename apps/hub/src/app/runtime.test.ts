import { mkdtemp, rm } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config/env.js';
import { Connection, Tenant } from '../db/entities/index.js';
import { defineJobs } from '../jobs/queue.js';
import { generateApiKey } from '../security/api-keys.js';
import { createLogger } from './logger.js';
import { createHubRuntime } from './runtime.js';

const jobs = defineJobs({ echo: { payload: z.object({ text: z.string() }) } });
const credentials = z.object({ apiKey: z.string() });

let dir: string;
beforeAll(async () => {
  // Under /tmp: the embedded PostgreSQL runs as the `postgres` user when the tests run as root.
  dir = await mkdtemp('/tmp/hub-runtime-');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('createHubRuntime (embedded default)', () => {
  it('keeps its data, its secret key and its admin token across a restart on the same data directory', async () => {
    const config = loadConfig({ HUB_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');

    let t = performance.now();
    const first = await createHubRuntime(config, { logger, jobs });
    const coldMs = performance.now() - t;
    expect(first.embedded).toBe(true);
    const { em: em1, secretBox: box1, adminToken, orm } = first.cradle;
    const url = orm.config.get('clientUrl')!;
    const key = generateApiKey();
    const tenant = em1.create(Tenant, { name: 'Persistent GmbH', apiKeyPrefix: key.prefix, apiKeyHash: key.hash });
    await em1.flush();
    const connection = em1.create(Connection, {
      tenant,
      connector: 'sevdesk',
      authKind: 'api_token',
      secret: 'pending',
    });
    await em1.flush();
    connection.secret = box1.seal({ apiKey: 'sk-live-123' }, connection.id);
    await em1.flush();
    await first.close();
    expect(await answers(url)).toBe(false);

    t = performance.now();
    const second = await createHubRuntime(config, { logger, jobs });
    const warmMs = performance.now() - t;
    try {
      const { em, secretBox, adminToken: again } = second.cradle;
      const found = await em.findOneOrFail(Connection, { tenant: { name: 'Persistent GmbH' } }, { populate: ['tenant'] });
      expect(found.tenant.id).toBe(tenant.id);
      expect(secretBox.openAs(found.secret, credentials, found.id)).toEqual({ apiKey: 'sk-live-123' });
      expect(again).toBe(adminToken);
      expect(adminToken).toMatch(/^adm_/);
    } finally {
      await second.close();
    }
    console.log(`[hub tests] runtime start on embedded PostgreSQL: first (initdb) ${Math.round(coldMs)} ms, restart ${Math.round(warmMs)} ms`);
  });

  it('wires a fresh EntityManager per resolution and a working queue', async () => {
    const runtime = await createHubRuntime(loadConfig({ HUB_DATA_DIR: dir }), { logger: createLogger('silent'), jobs });
    try {
      const { container } = runtime;
      expect(container.resolve('em')).not.toBe(container.resolve('em'));
      const got = new Promise<string>((resolve) => {
        void runtime.cradle.queue.work('echo', async ({ text }) => resolve(text));
      });
      await runtime.cradle.queue.enqueue('echo', { text: 'hello' });
      expect(await got).toBe('hello');
      expect(await runtime.cradle.rateLimitStore.take('connection:x', 1, { capacity: 1, refillPerSecond: 1 })).toEqual({ granted: true });
    } finally {
      await runtime.close();
      await runtime.close();
    }
  });
});
