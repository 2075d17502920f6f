import { relative } from 'node:path';
import { USAGE, UsageError, parseCliArgs } from './args.js';
import { InvalidSpecError, generate } from './generate.js';
import { packageNameFor } from './spec.js';
import { WouldOverwriteError, writeFiles } from './write.js';
import { defaultWorkspaceRoot, resolveTarget } from './workspace.js';

export interface MainOptions {
  /** The workspace to generate into; default: the one this generator lives in. */
  root?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** `pnpm create-connector <id> ...`: 0 when the package was written, 2 for a wrong command line, 1 otherwise. */
export async function main(argv: readonly string[], opts: MainOptions = {}): Promise<number> {
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = opts.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = opts.root ?? defaultWorkspaceRoot();
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      out(USAGE);
      return 0;
    }
    const packageName = packageNameFor(args.id);
    const spec = { id: args.id, name: args.name, auth: args.auth };
    const fileNames = Object.keys(generate(spec));
    const target = resolveTarget(root, { id: args.id, dir: args.dir, force: args.force, packageName, generatedFiles: fileNames });
    const files = generate(spec, { rootRelative: target.rootRelative });
    const written = await writeFiles(target.packageDir, files, { force: args.force });
    for (const line of report(target.shown, packageName, args, Object.keys(files), written.overwritten)) out(line);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof InvalidSpecError) {
      const argument = e instanceof UsageError ? '' : `${e.argument === 'id' ? '<id>' : `--${e.argument}`}: `;
      err(`create-connector: ${argument}${e.message}`);
      err('Run pnpm create-connector --help for the arguments.');
      return 2;
    }
    if (e instanceof WouldOverwriteError) {
      err(`create-connector: --force: ${relative(root, e.dir)} already holds ${e.existing.join(', ')}; pass --force to overwrite them`);
      return 1;
    }
    err(`create-connector: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function report(
  shown: string,
  packageName: string,
  args: { name: string; auth: string },
  files: readonly string[],
  overwritten: readonly string[],
): string[] {
  const verb = overwritten.length > 0 ? 'Regenerated' : 'Created';
  return [
    `${verb} ${shown}: ${packageName}, "${args.name}" (auth: ${args.auth})`,
    ...files.map((f) => `  ${shown}/${f}${overwritten.includes(f) ? '  (overwritten)' : ''}`),
    '',
    'Next steps:',
    '  1. pnpm install',
    '       links the new package into the workspace',
    `  2. pnpm --filter ${packageName} test`,
    '       runs the conformance kit against the sandbox: it fails until the operations are written',
    `  3. write the operations in ${shown}/src/connector.ts (the comment on each says what it must do),`,
    `     with the sandbox routes they call in ${shown}/src/sandbox/server.ts, in this order:`,
    '       testConnection   kit: testConnection',
    '       upsertCustomer   kit: customers, error mapping',
    '       bookVoucher      kit: voucher mode, uncertain outcome',
    '       findBooked       kit: uncertain outcome',
    `       then bookInvoice, credit, attachDocument as you turn on their capabilities in ${shown}/src/manifest.ts`,
    `       (pnpm --filter ${packageName} sandbox runs the sandbox by hand)`,
    '  4. enable it in the hub (HUB_CONNECTORS is the full list, bundled connectors included):',
    `       pnpm --filter @accounting-hub/hub add ${packageName}@workspace:*`,
    `       HUB_CONNECTORS=lexoffice,sevdesk,reference,${packageName} pnpm start`,
    `     ${shown}/README.md says more, also how to publish it to npm.`,
  ];
}
