import { manifestData } from '@accounting-hub/core';

/** The auth kinds the generator can start a connector with (the manifest's `auth`). */
export const GENERATOR_AUTH_KINDS = ['api_token', 'oauth2'] as const;
export type GeneratorAuth = (typeof GENERATOR_AUTH_KINDS)[number];

/** What an integrator chooses; everything else in the generated package follows from it. */
export interface ConnectorSpec {
  /** The manifest id, e.g. `acme-books`; also the folder name and the package's suffix. */
  id: string;
  /** The display name the hub shows, e.g. `Acme Books`. */
  name: string;
  auth: GeneratorAuth;
}

/** Versions of the generated package's own dependencies: the ones the workspace's connectors use. */
export const DEPENDENCY_VERSIONS = {
  fastify: '5.12.8',
  zod: '4.6.7',
  tsx: '4.23.15',
  vitest: '5.1.1',
} as const;

export const PACKAGE_SCOPE = '@accounting-hub';

export function packageNameFor(id: string): string {
  return `${PACKAGE_SCOPE}/connector-${id}`;
}

/** Why `id` cannot be a connector id, or undefined when it can: the manifest's own rule, so the two never drift. */
export function idProblem(id: string): string | undefined {
  if (manifestData.shape.id.safeParse(id).success) return undefined;
  return 'must be a manifest id: 2 to 40 characters, lower-case letters, digits and hyphens, starting with a letter (like "acme-books")';
}

const MAX_NAME = 80;

/** Why `name` cannot be a display name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'must not be empty';
  if (name !== name.trim()) return 'must not start or end with spaces';
  if (name.length > MAX_NAME) return `must be at most ${MAX_NAME} characters (the manifest's displayName)`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'must be one line without control characters';
  return undefined;
}

/** `acme-books` → `Acme Books`: the display name when none is given. */
export function defaultName(id: string): string {
  return words(id)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

function words(id: string): string[] {
  return id.split('-').filter((w) => w !== '');
}

/** `acme-books` → `AcmeBooks` (ids start with a letter, so this is always an identifier). */
export function pascalCase(id: string): string {
  return words(id)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `acme-books` → `acmeBooks`. */
export function camelCase(id: string): string {
  const pascal = pascalCase(id);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** A single-quoted TypeScript string literal holding `text`. */
export function tsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `text` made safe inside a block comment. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

/** Everything a template needs, derived once from the spec. */
export interface TemplateContext extends ConnectorSpec {
  packageName: string;
  /** `AcmeBooks`, for type names (`AcmeBooksOptions`). */
  pascal: string;
  /** `acmeBooks`, for values (`acmeBooksManifest`). */
  camel: string;
  /** The name as a TypeScript string literal. */
  nameLiteral: string;
  /** The name for comments. */
  nameComment: string;
  /** From the package folder to the workspace root (`../..` for `plugins/<id>`). */
  rootRelative: string;
  versions: typeof DEPENDENCY_VERSIONS;
}

export function templateContext(spec: ConnectorSpec, rootRelative: string): TemplateContext {
  return {
    ...spec,
    packageName: packageNameFor(spec.id),
    pascal: pascalCase(spec.id),
    camel: camelCase(spec.id),
    nameLiteral: tsString(spec.name),
    nameComment: commentText(spec.name),
    rootRelative,
    versions: DEPENDENCY_VERSIONS,
  };
}
