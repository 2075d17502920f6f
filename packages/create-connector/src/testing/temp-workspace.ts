import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { FileMap } from '../generate.js';

/** The real workspace (this package lives in packages/create-connector/src/testing). */
export const WORKSPACE_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const OWN_NODE_MODULES = join(WORKSPACE_ROOT, 'packages/create-connector/node_modules');

/**
 * A throwaway copy of the workspace layout under the OS temp folder, so that generated packages can be compiled
 * and imported without `pnpm install` and without ever appearing in the real workspace (where pnpm, turbo or a
 * parallel test run would pick them up):
 *
 *   <tmp>/tsconfig.base.json, vitest.shared.ts, pnpm-workspace.yaml   copies of the workspace's own
 *   <tmp>/node_modules                  → the workspace's node_modules (@types/node, typescript)
 *   <tmp>/plugins/<id>/node_modules     → this package's node_modules, which holds exactly the generated
 *                                         package's dependencies (core and testkit as workspace links, fastify, zod)
 *
 * Module resolution follows the links to the real files, so the generated connector and the test share one copy
 * of the core (one ConnectorError class) and of zod.
 */
export class TempWorkspace {
  private constructor(readonly root: string) {}

  static async create(): Promise<TempWorkspace> {
    const root = await mkdtemp(join(tmpdir(), 'create-connector-'));
    await copyFile(join(WORKSPACE_ROOT, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
    await copyFile(join(WORKSPACE_ROOT, 'vitest.shared.ts'), join(root, 'vitest.shared.ts'));
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - plugins/*\n');
    await symlink(join(WORKSPACE_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    await mkdir(join(root, 'plugins'));
    return new TempWorkspace(root);
  }

  packageDir(id: string): string {
    return join(this.root, 'plugins', id);
  }

  /** Writes a generated package to plugins/<id> and links its node_modules. */
  async writePackage(id: string, files: FileMap): Promise<string> {
    const dir = this.packageDir(id);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    await this.linkNodeModules(id);
    return dir;
  }

  async linkNodeModules(id: string): Promise<void> {
    await symlink(OWN_NODE_MODULES, join(this.packageDir(id), 'node_modules'), 'dir');
  }

  /**
   * A tsconfig at the root compiling the sources of several packages as one program, with the workspace's
   * compiler options: one compiler run checks them all, sharing the work on the core, zod and fastify types.
   */
  async combinedTsconfig(ids: readonly string[]): Promise<string> {
    const file = join(this.root, 'tsconfig.combined.json');
    const config = { extends: './tsconfig.base.json', include: ids.map((id) => `plugins/${id}/src`) };
    await writeFile(file, JSON.stringify(config, null, 2));
    return file;
  }

  /** Imports a module of a package written here, e.g. `src/connector.ts`. */
  async import<T>(id: string, path: string): Promise<T> {
    return (await import(pathToFileURL(join(this.packageDir(id), path)).href)) as T;
  }

  async remove(): Promise<void> {
    // Removes the links, never what they point to.
    await rm(this.root, { recursive: true, force: true });
  }
}

const run = promisify(execFile);

/** `tsc -p <project> --noEmit` with the workspace's own TypeScript, run by this Node (not whatever `node` is on PATH). */
export async function tscNoEmit(project: string): Promise<{ ok: boolean; output: string }> {
  const tsc = join(WORKSPACE_ROOT, 'node_modules/typescript/bin/tsc');
  try {
    const { stdout, stderr } = await run(process.execPath, [tsc, '-p', project, '--noEmit'], {
      cwd: dirname(project),
      timeout: 60_000,
    });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}
