export { generate, type FileMap, type GenerateOptions, InvalidSpecError } from './generate.js';
export { writeFiles, WouldOverwriteError, type WriteResult } from './write.js';
export { main, type MainOptions } from './main.js';
export { parseCliArgs, UsageError, USAGE, type CliOptions } from './args.js';
export { type ConnectorSpec, type GeneratorAuth, GENERATOR_AUTH_KINDS, DEPENDENCY_VERSIONS, packageNameFor } from './spec.js';
