import type { TemplateContext } from '../spec.js';

/** `package.json`: the scripts of plugins/reference (incl. `sandbox`), workspace deps on the core and the kit. */
export function packageJson(c: TemplateContext): string {
  const pkg = {
    name: c.packageName,
    version: '0.1.0',
    description: `${c.name} connector for the accounting hub: manifest, connector, and a sandbox of the tool's API for the conformance kit.`,
    license: 'MIT',
    type: 'module',
    // Sources for tsx, vitest and type checks in the workspace (`development`); the build for everything else.
    exports: { '.': { development: './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc -p tsconfig.json --noEmit',
      lint: 'biome lint src',
      test: 'vitest run',
      sandbox: 'tsx --conditions=development src/sandbox/main.ts',
    },
    dependencies: {
      '@accounting-hub/connector-testkit': 'workspace:*',
      '@accounting-hub/core': 'workspace:*',
      fastify: c.versions.fastify,
      zod: c.versions.zod,
    },
    devDependencies: {
      tsx: c.versions.tsx,
      vitest: c.versions.vitest,
    },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
