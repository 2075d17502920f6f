import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@accounting-hub/core';
import { type Config, parseSecretKey } from './env.js';

export interface HubSecrets {
  /** The 32-byte key for encryption at rest. */
  secretKey: Buffer;
  /** The admin bearer token, or undefined when the admin API is off (external database without HUB_ADMIN_TOKEN). */
  adminToken: string | undefined;
}

/**
 * The secret key and admin token. From the environment when given; in the embedded default (no DATABASE_URL)
 * generated once into `<dataDir>/secret.key` and `<dataDir>/admin.token` (mode 0600) and reused on every later
 * start. A generated admin token is printed once, when it is made.
 */
export async function resolveSecrets(config: Config, logger: Logger): Promise<HubSecrets> {
  const embedded = config.databaseUrl === undefined;
  if (embedded) await fs.mkdir(config.dataDir, { recursive: true, mode: 0o711 });

  let secretKey = config.secretKey;
  if (!secretKey) {
    if (!embedded) throw new Error('HUB_SECRET_KEY is required when DATABASE_URL is set');
    const file = path.join(config.dataDir, 'secret.key');
    const { value } = await readOrCreate(file, () => randomBytes(32).toString('base64'), logger);
    const parsed = parseSecretKey(value);
    if (typeof parsed === 'string') throw new Error(`${file}: ${parsed}`);
    secretKey = parsed;
  }

  let adminToken = config.adminToken;
  if (!adminToken && embedded) {
    const file = path.join(config.dataDir, 'admin.token');
    const made = await readOrCreate(file, () => `adm_${randomBytes(32).toString('base64url')}`, logger);
    adminToken = made.value;
    if (made.created) {
      // Deliberately in the message: the operator needs it once. The file keeps it for later.
      logger.warn({ file }, `Generated the admin token (shown once, kept in ${file}): ${adminToken}`);
    } else {
      logger.info({ file }, 'admin token read from the data directory');
    }
  }
  if (!adminToken) logger.warn({}, 'HUB_ADMIN_TOKEN is not set: the admin API is disabled');
  return { secretKey, adminToken };
}

/** Reads the file, or creates it exclusively (two processes starting at once agree on one value). */
async function readOrCreate(file: string, make: () => string, logger: Logger): Promise<{ value: string; created: boolean }> {
  try {
    const value = make();
    await fs.writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = await fs.stat(file);
  if ((stat.mode & 0o077) !== 0) {
    logger.warn({ file, mode: (stat.mode & 0o777).toString(8) }, 'secret file is readable by others; restricting it to 0600');
    await fs.chmod(file, 0o600);
  }
  const value = (await fs.readFile(file, 'utf8')).trim();
  if (!value) throw new Error(`${file} is empty: delete it to have a new one generated`);
  return { value, created: false };
}
