import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileMap } from './generate.js';

export class WouldOverwriteError extends Error {
  constructor(
    readonly dir: string,
    readonly existing: string[],
  ) {
    super(`${dir} already holds ${existing.join(', ')}; pass --force to overwrite`);
    this.name = 'WouldOverwriteError';
  }
}

export interface WriteResult {
  /** Paths relative to the package folder, in the order of the file map. */
  created: string[];
  overwritten: string[];
}

/**
 * Writes `files` below `dir`. Without `force` it first checks that none of them exists and writes nothing if one
 * does; with `force` it overwrites them. Files in `dir` that the map does not name are never touched.
 */
export async function writeFiles(dir: string, files: FileMap, opts: { force?: boolean } = {}): Promise<WriteResult> {
  const paths = Object.keys(files);
  const existing = paths.filter((p) => existsSync(join(dir, p)));
  if (existing.length > 0 && !opts.force) throw new WouldOverwriteError(dir, existing);
  for (const p of paths) {
    const target = join(dir, p);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, files[p]!);
  }
  return { created: paths.filter((p) => !existing.includes(p)), overwritten: existing };
}
