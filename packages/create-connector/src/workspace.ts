import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args.js';

/** The workspace this generator belongs to: the generated package depends on its core and testkit. */
export function defaultWorkspaceRoot(): string {
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
}

/** Folders of generated or build output that say nothing about whether a package was written by hand. */
const IGNORED_DIRS = new Set(['node_modules', 'dist', '.turbo', '.test-report']);

/** The `packages:` globs of pnpm-workspace.yaml (`plugins/*`, `bench`, ...). */
export function workspaceGlobs(root: string): string[] {
  const file = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) throw new Error(`${root} is not a pnpm workspace (no pnpm-workspace.yaml)`);
  const globs: string[] = [];
  let inPackages = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s+-\s+['"]?([^'"#\s]+)['"]?\s*(#.*)?$/.exec(line);
    if (item) globs.push(item[1]!);
    else if (/^\S/.test(line)) inPackages = false;
  }
  return globs;
}

export interface Target {
  /** The new package's folder, absolute. */
  packageDir: string;
  /** The same, relative to the workspace root (`plugins/acme-books`), for messages. */
  shown: string;
  /** From the package folder to the workspace root, for the generated tsconfig and vitest config. */
  rootRelative: string;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Where `<dir>/<id>` goes, after checking that pnpm will pick it up (the parent is a `<folder>/*` entry of
 * pnpm-workspace.yaml) and that no package of that name exists. An existing folder is refused unless `force`;
 * even then, only a package this generator made (no files beyond the ones it writes) is overwritten, so that
 * --force can never flatten a connector someone has written (lexoffice, sevdesk, or yours after a while).
 */
export function resolveTarget(
  root: string,
  opts: { id: string; dir: string; force: boolean; packageName: string; generatedFiles: readonly string[] },
): Target {
  const parent = resolve(root, opts.dir);
  const parentRel = posix(relative(root, parent));
  if (parentRel === '') throw new UsageError('--dir', `"${opts.dir}" is the workspace root; name a workspace folder like plugins`);
  if (parentRel.startsWith('..') || isAbsolute(parentRel)) {
    throw new UsageError('--dir', `"${opts.dir}" is not a folder inside the workspace ${root}`);
  }
  const globs = workspaceGlobs(root);
  const folders = globs.filter((g) => g.endsWith('/*')).map((g) => g.slice(0, -2));
  if (!folders.includes(parentRel)) {
    throw new UsageError(
      '--dir',
      `"${opts.dir}" is not a workspace folder, so pnpm would not install the package; pnpm-workspace.yaml lists ${globs.join(', ')} (use one of ${folders.join(', ')})`,
    );
  }
  const packageDir = join(parent, opts.id);
  const shown = posix(relative(root, packageDir));

  for (const folder of folders) {
    const abs = join(root, folder);
    if (!existsSync(abs)) continue;
    for (const entry of readdirSync(abs)) {
      const dir = join(abs, entry);
      if (dir === packageDir) continue;
      if (packageName(dir) === opts.packageName) {
        throw new UsageError('<id>', `"${opts.id}": the package ${opts.packageName} already exists at ${folder}/${entry}; pick another id`);
      }
    }
  }

  if (existsSync(packageDir)) {
    if (!statSync(packageDir).isDirectory()) throw new UsageError('<id>', `"${opts.id}": ${shown} exists and is not a folder`);
    if (!opts.force) {
      throw new UsageError('<id>', `"${opts.id}": ${shown} already exists; pick another id, or pass --force to regenerate a package this generator made`);
    }
    const own = new Set(opts.generatedFiles);
    const foreign = filesBelow(packageDir).filter((f) => !own.has(f));
    if (foreign.length > 0) {
      const listed = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : '');
      throw new UsageError(
        '--force',
        `${shown} holds files the generator does not write (${listed}): it is a written connector, not a generated one; refusing to overwrite it`,
      );
    }
  }
  return { packageDir, shown, rootRelative: posix(relative(packageDir, root)) };
}

function packageName(dir: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}

/** Files below `dir`, relative with `/`, build and install output left out. */
function filesBelow(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (IGNORED_DIRS.has(entry.name)) continue;
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesBelow(join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}
