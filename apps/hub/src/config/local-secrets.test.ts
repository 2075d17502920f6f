import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '@accounting-hub/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './env.js';
import { resolveSecrets } from './local-secrets.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp('/tmp/hub-secrets-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveSecrets', () => {
  it('generates a secret key and an admin token into the data directory once, mode 0600, and reuses them', async () => {
    const config = loadConfig({ HUB_DATA_DIR: dir });
    const first = await resolveSecrets(config, silentLogger);
    expect(first.secretKey).toHaveLength(32);
    expect(first.adminToken).toMatch(/^adm_[A-Za-z0-9_-]{43}$/);
    for (const file of ['secret.key', 'admin.token']) {
      expect((await stat(path.join(dir, file))).mode & 0o777).toBe(0o600);
    }
    const second = await resolveSecrets(config, silentLogger);
    expect(second.secretKey.equals(first.secretKey)).toBe(true);
    expect(second.adminToken).toBe(first.adminToken);
  });

  it('prefers the environment and writes nothing for what it gives', async () => {
    const key = Buffer.alloc(32, 3);
    const config = loadConfig({ HUB_DATA_DIR: dir, HUB_SECRET_KEY: key.toString('hex'), HUB_ADMIN_TOKEN: 'admin-token-0123456789' });
    const secrets = await resolveSecrets(config, silentLogger);
    expect(secrets.secretKey.equals(key)).toBe(true);
    expect(secrets.adminToken).toBe('admin-token-0123456789');
    await expect(readFile(path.join(dir, 'secret.key'))).rejects.toThrow(/ENOENT/);
  });

  it('leaves the admin API off with an external database and no HUB_ADMIN_TOKEN', async () => {
    const config = loadConfig({ HUB_DATA_DIR: dir, DATABASE_URL: 'postgres://db/hub', HUB_SECRET_KEY: 'ab'.repeat(32) });
    expect((await resolveSecrets(config, silentLogger)).adminToken).toBeUndefined();
  });

  it('refuses a corrupt key file instead of silently making a new key', async () => {
    await writeFile(path.join(dir, 'secret.key'), 'garbage\n', { mode: 0o600 });
    await expect(resolveSecrets(loadConfig({ HUB_DATA_DIR: dir }), silentLogger)).rejects.toThrow(/secret\.key: expected 32 bytes/);
  });
});
