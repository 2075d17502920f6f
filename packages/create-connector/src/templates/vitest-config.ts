import type { TemplateContext } from '../spec.js';

/** `vitest.config.ts`: the workspace's shared config (JSON report for the one summary line of `pnpm test`). */
export function vitestConfig(c: TemplateContext): string {
  return `import { sharedTestConfig } from '${c.rootRelative}/vitest.shared.js';

export default sharedTestConfig;
`;
}
