/** `tsconfig.build.json`: what `pnpm build` compiles to dist (tests left out; the sandbox ships with the package). */
export function tsconfigBuildJson(): string {
  return `{
  "extends": "./tsconfig.json",
  "exclude": ["src/**/*.test.ts"]
}
`;
}
