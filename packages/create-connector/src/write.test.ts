import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WouldOverwriteError, writeFiles } from './write.js';

describe('writeFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'create-connector-write-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the files and their folders', async () => {
    const result = await writeFiles(join(dir, 'pkg'), { 'a.txt': 'a', 'src/deep/b.ts': 'b' });
    expect(result).toEqual({ created: ['a.txt', 'src/deep/b.ts'], overwritten: [] });
    expect(readFileSync(join(dir, 'pkg/src/deep/b.ts'), 'utf8')).toBe('b');
  });

  it('refuses to overwrite without force, and then writes nothing at all', async () => {
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src/b.ts'), 'mine');
    const attempt = writeFiles(dir, { 'a.txt': 'a', 'src/b.ts': 'b' });
    await expect(attempt).rejects.toBeInstanceOf(WouldOverwriteError);
    await expect(attempt).rejects.toThrow(/src\/b\.ts; pass --force/);
    expect(readFileSync(join(dir, 'src/b.ts'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);
  });

  it('overwrites with force, and leaves files it does not write alone', async () => {
    await writeFile(join(dir, 'b.ts'), 'mine');
    await writeFile(join(dir, 'notes.md'), 'keep');
    const result = await writeFiles(dir, { 'a.txt': 'a', 'b.ts': 'b' }, { force: true });
    expect(result).toEqual({ created: ['a.txt'], overwritten: ['b.ts'] });
    expect(readFileSync(join(dir, 'b.ts'), 'utf8')).toBe('b');
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('keep');
  });
});
