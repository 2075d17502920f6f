import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.js';
import { processCpuMs } from './cpu.js';

/** The bench package's directory: children resolve `--import tsx` from here. */
export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** The monorepo's root. */
export const REPO_DIR = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChildServer {
  pid: number;
  /** What the ready line named (the server's base URL, ...). */
  match: RegExpExecArray;
  /** The last lines the child printed (stdout and stderr), for error messages. */
  output(): string;
  /** VmRSS and VmHWM (peak) of the process in KiB, from /proc/<pid>/status. */
  memory(): Promise<{ rssKiB: number; peakKiB: number }>;
  /** Sends `signal` and waits for the next output line matching `pattern`. */
  signalAndWait(signal: NodeJS.Signals, pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** CPU (user + system, ms) the process has used so far. */
  cpuMs(): Promise<number>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs a TypeScript entry point as its own Node process (the same Node binary as the bench, TypeScript through
 * tsx's loader, so the pid IS the server: no wrapper process in between) and waits for the line matching
 * `ready`. Registered for cleanup, so it is stopped even when the benchmark fails.
 */
export async function startChild(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
  nodeArgs: string[] = [],
): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', ...nodeArgs, script], {
    cwd: BENCH_DIR,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const output = () => lines.join('\n');

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 200) lines.shift();
        for (const watch of watchers) watch(line);
        const m = ready.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output()}`));
    });
  }).catch(async (error) => {
    if (!exited) child.kill('SIGKILL');
    await exit;
    throw error;
  });

  const stop = onCleanup(`process ${name}`, async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  });

  return {
    pid: child.pid!,
    match,
    output,
    async memory() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
      return { rssKiB: kib('VmRSS'), peakKiB: kib('VmHWM') };
    },
    cpuMs: () => processCpuMs(child.pid!),
    signalAndWait(signal, pattern, waitMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`${name}: no line matching ${pattern} within ${waitMs} ms after ${signal}`));
        }, waitMs);
        const watch = (line: string) => {
          const m = pattern.exec(line);
          if (!m) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(m);
        };
        watchers.add(watch);
        child.kill(signal);
      });
    },
    stop: () => stop(),
  };
}
