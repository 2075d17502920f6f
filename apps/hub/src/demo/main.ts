/**
 * `npm run demo [-- --exit]`: the hub on its embedded PostgreSQL with the lexoffice and sevdesk sandboxes, the
 * SEMCO seed examples booked, and a table of what happened. See run-demo.ts.
 */
import { ConfigError } from '../config/env.js';
import { DemoError } from './http-client.js';
import { createProgress } from './progress.js';
import { type DemoResult, runDemo } from './run-demo.js';

const USAGE = `Usage: npm run demo [-- --exit]

Starts the hub on embedded PostgreSQL with the lexoffice and sevdesk sandboxes, creates three demo tenants,
books the SEMCO seed examples through the hub's REST API, and prints what happened and where to look.

  --exit   exit after the table (exit code 1 when a scenario ended unexpectedly) instead of serving until Ctrl-C
  --help   this text

Environment: HUB_DATA_DIR (default ./.data), PORT (default 3000, or a free port when 3000 is taken), HOST, LOG_LEVEL.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.filter((a) => a !== '--exit');
  if (unknown.length > 0) {
    console.error(`Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}\n\n${USAGE}`);
    process.exit(2);
  }
  const exit = args.includes('--exit');

  const controller = new AbortController();
  let result: DemoResult | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the hub, its workers, the embedded PostgreSQL and the sandboxes…\n`);
    // Still working: runDemo stops what it started and rejects; main() then exits.
    if (!result) return controller.abort(new Error(`interrupted (${signal})`));
    result.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Ctrl-C signals the whole process group, the embedded PostgreSQL included: its "terminating connection due to
  // administrator command" on an idle pool client is expected while stopping, not a crash.
  process.on('uncaughtException', (error) => {
    if (stopping && (error as { code?: unknown }).code === '57P01') return;
    console.error('Uncaught exception:', error);
    process.exit(1);
  });

  const live = Boolean(process.stderr.isTTY && process.stdout.isTTY);
  try {
    result = await runDemo({
      exit,
      out: process.stdout,
      progress: createProgress(process.stderr, { live }),
      signal: controller.signal,
    });
  } catch (error) {
    if (stopping) process.exit(130);
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    const message = error instanceof DemoError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`✗ The demo failed: ${message}`);
    process.exit(1);
  }
  if (exit) process.exit(result.exitCode);
  if (stopping) await result.close().catch(() => undefined);
}

void main();
