import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from './generate.js';
import { main } from './main.js';
import { TempWorkspace, WORKSPACE_ROOT } from './testing/temp-workspace.js';

/** Runs the CLI against `root`, collecting what it prints. */
async function cli(root: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { root, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('pnpm create-connector', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await TempWorkspace.create();
  });
  afterAll(() => ws.remove());

  it('creates plugins/<id> and says what it created and what to do next', async () => {
    const { code, out, err } = await cli(ws.root, 'acme-books', '--name', 'Acme Books');
    expect(err).toBe('');
    expect(code).toBe(0);
    const files = Object.keys(generate({ id: 'acme-books', name: 'Acme Books', auth: 'api_token' }));
    for (const f of files) {
      expect(existsSync(join(ws.packageDir('acme-books'), f)), f).toBe(true);
      expect(out).toContain(`  plugins/acme-books/${f}`);
    }
    expect(out).toMatch(/^Created plugins\/acme-books: @accounting-hub\/connector-acme-books, "Acme Books" \(auth: api_token\)/);
    expect(out).toContain('pnpm install');
    expect(out).toContain('pnpm --filter @accounting-hub/connector-acme-books test');
    expect(out).toContain('plugins/acme-books/src/connector.ts');
    expect(out).toContain('plugins/acme-books/src/sandbox/server.ts');
    expect(out).toContain('HUB_CONNECTORS=lexoffice,sevdesk,reference,@accounting-hub/connector-acme-books');
  });

  it('refuses an existing package without --force, and changes nothing', async () => {
    const manifest = join(ws.packageDir('acme-books'), 'src/manifest.ts');
    await writeFile(manifest, '// edited by hand\n');
    const { code, err } = await cli(ws.root, 'acme-books');
    expect(code).toBe(2);
    expect(err).toMatch(/^create-connector: <id>: "acme-books": plugins\/acme-books already exists; .*--force/);
    expect(readFileSync(manifest, 'utf8')).toBe('// edited by hand\n');
  });

  it('regenerates a generated package with --force', async () => {
    const { code, out } = await cli(ws.root, 'acme-books', '--force');
    expect(code).toBe(0);
    expect(out).toMatch(/^Regenerated plugins\/acme-books/);
    expect(out).toContain('plugins/acme-books/src/manifest.ts  (overwritten)');
    expect(readFileSync(join(ws.packageDir('acme-books'), 'src/manifest.ts'), 'utf8')).toContain("id: 'acme-books'");
  });

  it('never overwrites a written connector, even with --force', async () => {
    const api = join(ws.packageDir('acme-books'), 'src/api/request.ts');
    await mkdir(join(api, '..'));
    await writeFile(api, '// a file of the integrator\n');
    await writeFile(join(ws.packageDir('acme-books'), 'src/connector.ts'), '// written\n');
    const { code, err } = await cli(ws.root, 'acme-books', '--force');
    expect(code).toBe(2);
    expect(err).toMatch(/^create-connector: --force: plugins\/acme-books holds files the generator does not write \(src\/api\/request\.ts\)/);
    expect(readFileSync(join(ws.packageDir('acme-books'), 'src/connector.ts'), 'utf8')).toBe('// written\n');
  });

  it('refuses an id whose package exists elsewhere in the workspace', async () => {
    await mkdir(join(ws.root, 'plugins/old-place'));
    await writeFile(join(ws.root, 'plugins/old-place/package.json'), JSON.stringify({ name: '@accounting-hub/connector-moved' }));
    const { code, err } = await cli(ws.root, 'moved');
    expect(code).toBe(2);
    expect(err).toMatch(/<id>: "moved": the package @accounting-hub\/connector-moved already exists at plugins\/old-place/);
    expect(existsSync(ws.packageDir('moved'))).toBe(false);
  });

  it('refuses a --dir pnpm would not install from', async () => {
    for (const dir of ['src', '../elsewhere', '.']) {
      const { code, err } = await cli(ws.root, 'acme-else', '--dir', dir);
      expect(code, dir).toBe(2);
      expect(err, dir).toMatch(/^create-connector: --dir: /);
    }
    expect(existsSync(join(ws.root, 'src'))).toBe(false);
  });

  it('refuses the id of an existing plugin of this workspace (read only)', async () => {
    const { code, err } = await cli(WORKSPACE_ROOT, 'reference');
    expect(code).toBe(2);
    expect(err).toMatch(/<id>: "reference": plugins\/reference already exists/);
  });

  it('names the argument at fault and exits 2; --help prints the usage', async () => {
    const bad = await cli(ws.root, 'acme-x', '--auth', 'basic');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^create-connector: --auth: "basic" must be one of api_token, oauth2/);
    const help = await cli(ws.root, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: pnpm create-connector <id>/);
  });
});
