import { parseArgs } from 'node:util';
import { GENERATOR_AUTH_KINDS, type GeneratorAuth, defaultName, idProblem, nameProblem } from './spec.js';

export const USAGE = `Usage: pnpm create-connector <id> [--name "Display Name"] [--auth api_token|oauth2] [--dir <parent>] [--force]

  <id>        the connector's manifest id: lower-case letters, digits and hyphens, starting with a letter,
              2 to 40 characters (e.g. acme-books); the package becomes @accounting-hub/connector-<id>
  --name      the display name the hub shows (default: from the id, "Acme Books")
  --auth      how connections authenticate: api_token (default) or oauth2
  --dir       the workspace folder to create <id>/ in, relative to the workspace root (default: plugins)
  --force     overwrite the files of a package this generator made before
  -h, --help  this text`;

/** A wrong command line, naming the argument at fault. */
export class UsageError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = 'UsageError';
  }
}

export interface CliOptions {
  id: string;
  name: string;
  auth: GeneratorAuth;
  dir: string;
  force: boolean;
}

export type ParsedArgs = { help: true } | ({ help: false } & CliOptions);

/** Reads and checks the command line; throws UsageError naming the argument when something is wrong. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw usageFromParseError(err);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };

  const [id, ...extra] = positionals;
  if (id === undefined) throw new UsageError('<id>', 'missing: name the connector, e.g. pnpm create-connector acme-books');
  if (extra.length > 0) {
    throw new UsageError('<id>', `expected one id, got also ${extra.map((e) => `"${e}"`).join(', ')} (quote a --name with spaces)`);
  }
  const idWrong = idProblem(id);
  if (idWrong) throw new UsageError('<id>', `"${id}" ${idWrong}`);

  const name = values.name ?? defaultName(id);
  const nameWrong = nameProblem(name);
  if (nameWrong) throw new UsageError('--name', `"${name}" ${nameWrong}`);

  const auth = values.auth ?? 'api_token';
  if (!isAuth(auth)) throw new UsageError('--auth', `"${auth}" must be one of ${GENERATOR_AUTH_KINDS.join(', ')}`);

  const dir = values.dir ?? 'plugins';
  if (dir.trim() === '') throw new UsageError('--dir', 'must name a folder, e.g. plugins');

  return { help: false, id, name, auth, dir, force: values.force ?? false };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      auth: { type: 'string' },
      dir: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function isAuth(value: string): value is GeneratorAuth {
  return (GENERATOR_AUTH_KINDS as readonly string[]).includes(value);
}

/** node:util's parse errors, told as "which argument, what is wrong". */
function usageFromParseError(err: unknown): UsageError {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'arguments';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(option, 'unknown option (known: --name, --auth, --dir, --force, --help)');
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new UsageError(option, /argument missing/.test(message) ? 'needs a value' : message);
  }
  return new UsageError(option, message);
}
