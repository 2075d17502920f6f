import type { TemplateContext } from '../spec.js';

/** `tsconfig.json`: the workspace's strict base, source in src. */
export function tsconfigJson(c: TemplateContext): string {
  return `{
  "extends": "${c.rootRelative}/tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
`;
}
