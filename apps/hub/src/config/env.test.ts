import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

const KEY_HEX = 'ab'.repeat(32);
const KEY_B64 = Buffer.alloc(32, 7).toString('base64');

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/hub');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts with defaults from an empty environment (embedded database)', () => {
    const config = loadConfig({}, '/srv/hub');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:3000',
      databaseUrl: undefined,
      dataDir: '/srv/hub/.data',
      secretKey: undefined,
      adminToken: undefined,
      connectors: ['lexoffice', 'sevdesk', 'reference'],
      logLevel: 'info',
      sweepCron: '*/5 * * * *',
      logRetentionDays: 90,
      workerConcurrency: 8,
      // Twelve attempts from 5 s doubling to a 15-minute cap: about an hour of retries before the inbox.
      syncMaxAttempts: 12,
      syncRetryBaseMs: 5000,
      runWorkers: true,
      oauth: {},
    });
  });

  it('derives the public URL from host and port, and a wildcard bind address becomes localhost', () => {
    expect(loadConfig({ PORT: '8080', HOST: '10.0.0.5' }).publicUrl).toBe('http://10.0.0.5:8080');
    expect(loadConfig({ HOST: '0.0.0.0' }).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PUBLIC_URL: 'https://hub.example.com/' }).publicUrl).toBe('https://hub.example.com');
  });

  it('treats blank values as unset', () => {
    const config = loadConfig({ PORT: '', HOST: ' ', DATABASE_URL: '', HUB_SECRET_KEY: '' }, '/srv/hub');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('accepts the secret key as hex or base64 and decodes it to 32 bytes', () => {
    const url = 'postgres://hub:pw@db:5432/hub';
    expect(loadConfig({ DATABASE_URL: url, HUB_SECRET_KEY: KEY_HEX }).secretKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ DATABASE_URL: url, HUB_SECRET_KEY: KEY_B64 }).secretKey).toEqual(Buffer.alloc(32, 7));
  });

  it('resolves the data directory against the working directory', () => {
    expect(loadConfig({ HUB_DATA_DIR: 'var/hub' }, '/srv').dataDir).toBe('/srv/var/hub');
    expect(loadConfig({ HUB_DATA_DIR: '/data' }, '/srv').dataDir).toBe('/data');
  });

  it('reads the full list of connectors, bundled short names and npm packages alike', () => {
    expect(loadConfig({ HUB_CONNECTORS: ' lexoffice, @acme/hub-datev , hub-connector-x,' }).connectors).toEqual([
      'lexoffice',
      '@acme/hub-datev',
      'hub-connector-x',
    ]);
  });

  it('collects OAuth clients per connector from HUB_OAUTH_<CONNECTOR>_CLIENT_ID/_CLIENT_SECRET', () => {
    const config = loadConfig({
      HUB_OAUTH_LEXOFFICE_CLIENT_ID: 'lx-id',
      HUB_OAUTH_LEXOFFICE_CLIENT_SECRET: 'lx-secret',
      HUB_OAUTH_MY_TOOL_CLIENT_ID: 'mt-id',
      HUB_OAUTH_MY_TOOL_CLIENT_SECRET: 'mt-secret',
    });
    expect(config.oauth).toEqual({
      lexoffice: { clientId: 'lx-id', clientSecret: 'lx-secret' },
      'my-tool': { clientId: 'mt-id', clientSecret: 'mt-secret' },
    });
  });

  it('accepts a valid cron expression for the sweep', () => {
    expect(loadConfig({ SWEEP_CRON: '*/1 * * * *' }).sweepCron).toBe('*/1 * * * *');
  });

  it('names every wrong variable and why in one error', () => {
    const error = configError({
      PORT: 'eighty',
      PUBLIC_URL: 'hub.example.com',
      SWEEP_CRON: 'every five minutes',
      LOG_LEVEL: 'loud',
      LOG_RETENTION_DAYS: '0',
      WORKER_CONCURRENCY: '-1',
      SYNC_MAX_ATTEMPTS: '2.5',
      HUB_ADMIN_TOKEN: 'short',
      HUB_CONNECTORS: 'Not A Package',
    });
    expect(error.issues.map((i) => i.variable).sort()).toEqual([
      'HUB_ADMIN_TOKEN',
      'HUB_CONNECTORS',
      'LOG_LEVEL',
      'LOG_RETENTION_DAYS',
      'PORT',
      'PUBLIC_URL',
      'SWEEP_CRON',
      'SYNC_MAX_ATTEMPTS',
      'WORKER_CONCURRENCY',
    ]);
    expect(error.message).toContain('PORT: expected a whole number from 1 to 65535 (got "eighty")');
    expect(error.message).toContain('SWEEP_CRON: not a valid cron expression');
    expect(error.message).toContain('LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent (got "loud")');
    expect(error.message).toContain('PUBLIC_URL: expected an http(s) URL');
  });

  it('requires HUB_SECRET_KEY when DATABASE_URL is set', () => {
    const error = configError({ DATABASE_URL: 'postgres://hub:pw@db:5432/hub' });
    expect(error.issues).toEqual([{ variable: 'HUB_SECRET_KEY', message: expect.stringContaining('required when DATABASE_URL is set') }]);
  });

  it('refuses a secret key of the wrong size without echoing it', () => {
    const tooShort = Buffer.alloc(16, 1).toString('base64');
    const error = configError({ HUB_SECRET_KEY: tooShort });
    expect(error.message).toContain('HUB_SECRET_KEY: expected 32 bytes');
    expect(error.message).not.toContain(tooShort);
    expect(configError({ HUB_SECRET_KEY: 'not a key!' }).issues[0]?.variable).toBe('HUB_SECRET_KEY');
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL', () => {
    const error = configError({ DATABASE_URL: 'mysql://db/hub', HUB_SECRET_KEY: KEY_HEX });
    expect(error.issues).toEqual([{ variable: 'DATABASE_URL', message: expect.stringContaining('PostgreSQL URL') }]);
  });

  it('refuses half an OAuth client', () => {
    const error = configError({ HUB_OAUTH_LEXOFFICE_CLIENT_ID: 'lx-id' });
    expect(error.issues).toEqual([
      { variable: 'HUB_OAUTH_LEXOFFICE_CLIENT_SECRET', message: 'required because HUB_OAUTH_LEXOFFICE_CLIENT_ID is set' },
    ]);
  });
});
