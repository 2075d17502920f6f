import { type ConnectorSpec, GENERATOR_AUTH_KINDS, idProblem, nameProblem, templateContext } from './spec.js';
import { connectorTestTs } from './templates/connector-test.js';
import { connectorTs } from './templates/connector.js';
import { indexTs } from './templates/index.js';
import { manifestTs } from './templates/manifest.js';
import { packageJson } from './templates/package-json.js';
import { readmeMd } from './templates/readme.js';
import { sandboxMainTs } from './templates/sandbox-main.js';
import { sandboxServerTs } from './templates/sandbox-server.js';
import { tsconfigBuildJson } from './templates/tsconfig-build-json.js';
import { tsconfigJson } from './templates/tsconfig-json.js';
import { vitestConfig } from './templates/vitest-config.js';

/** A generated package: file contents by path relative to the package folder, with `/` separators. */
export type FileMap = Record<string, string>;

export interface GenerateOptions {
  /** From the package folder to the workspace root, for tsconfig.base.json and vitest.shared.ts. Default `../..`. */
  rootRelative?: string;
}

export class InvalidSpecError extends Error {
  constructor(
    readonly argument: 'id' | 'name' | 'auth',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidSpecError';
  }
}

/** The files of a new connector package for `spec`. Pure: nothing is read or written. */
export function generate(spec: ConnectorSpec, options: GenerateOptions = {}): FileMap {
  const idWrong = idProblem(spec.id);
  if (idWrong) throw new InvalidSpecError('id', `id "${spec.id}" ${idWrong}`);
  const nameWrong = nameProblem(spec.name);
  if (nameWrong) throw new InvalidSpecError('name', `name "${spec.name}" ${nameWrong}`);
  if (!(GENERATOR_AUTH_KINDS as readonly string[]).includes(spec.auth)) {
    throw new InvalidSpecError('auth', `auth "${spec.auth}" must be one of ${GENERATOR_AUTH_KINDS.join(', ')}`);
  }
  const c = templateContext(spec, (options.rootRelative ?? '../..').replace(/\/+$/, ''));
  return {
    'package.json': packageJson(c),
    'tsconfig.json': tsconfigJson(c),
    'tsconfig.build.json': tsconfigBuildJson(),
    'vitest.config.ts': vitestConfig(c),
    'README.md': readmeMd(c),
    'src/index.ts': indexTs(c),
    'src/manifest.ts': manifestTs(c),
    'src/connector.ts': connectorTs(c),
    'src/connector.test.ts': connectorTestTs(c),
    'src/sandbox/server.ts': sandboxServerTs(c),
    'src/sandbox/main.ts': sandboxMainTs(c),
  };
}
