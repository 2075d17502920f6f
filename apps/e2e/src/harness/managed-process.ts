import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { logDirectory } from './workspace.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** A short name for messages and the log file (e.g. `hub`, `sandbox-lexoffice`). */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  /** The child's complete environment (nothing is inherited implicitly). */
  env: Record<string, string>;
}

export interface WaitForLineOptions {
  timeoutMs?: number;
  /** Included in the error message when the line does not come. */
  what?: string;
}

/** A child process whose output is kept (in memory and in a file) and which is never left running. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** The file under the OS tmp directory that receives stdout and stderr, for post-mortems. */
  readonly logFile: string;
  /** stdout and stderr so far, interleaved as they arrived (the oldest part dropped beyond 8 MB). */
  logs(): string;
  /** The last `chars` characters of the output, for error messages. */
  tail(chars?: number): string;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  /** How it exited, or undefined while it runs. */
  exitStatus(): ProcessExit | undefined;
  /**
   * Resolves with the first output line (stdout or stderr, already seen or still to come) for which `match`
   * answers something other than undefined. Rejects when the process exits first or on timeout.
   */
  waitForLine<T>(match: (line: string) => T | undefined, options?: WaitForLineOptions): Promise<T>;
  /**
   * Sends `signal` (default SIGKILL) and returns at once; await `exited` to wait for the end. Any signal works,
   * e.g. SIGSTOP / SIGCONT to freeze and thaw the process. A no-op once the process has exited.
   */
  kill(signal?: NodeJS.Signals): void;
  /** Graceful stop: SIGTERM, then SIGKILL if it has not exited after `timeoutMs` (default 10 s). */
  stop(options?: { timeoutMs?: number }): Promise<ProcessExit>;
}

const MAX_BUFFER_CHARS = 8 * 1024 * 1024;

/** Every child still running, killed when the test process exits (a failed test must not leak a hub). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** Every process started through the harness that is still running, stopped gracefully (for afterAll). */
const managed = new Set<ManagedProcess>();
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...managed].map((p) => p.stop()));
}

export async function spawnManaged(options: SpawnOptions): Promise<ManagedProcess> {
  installExitHook();
  const dir = await logDirectory();
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once('error', resolve));
    throw new Error(`could not start ${options.name}: ${error.message}`);
  }
  const pid = child.pid;
  live.add(child);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const logFile = path.join(dir, `${options.name}-${stamp}-${pid}.log`);
  const file: WriteStream = createWriteStream(logFile);
  file.on('error', () => undefined); // a full tmp disk must not fail the test
  file.write(`$ ${[options.command, ...options.args].join(' ')}\n  (cwd ${options.cwd})\n`);

  let buffer = '';
  const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  const lines: string[] = [];
  const lineListeners = new Set<(line: string) => void>();
  let exit: ProcessExit | undefined;
  const exitListeners = new Set<(e: ProcessExit) => void>();

  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 20_000) lines.splice(0, lines.length - 10_000);
    for (const listener of [...lineListeners]) listener(line);
  };
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    file.write(text);
    buffer += text;
    if (buffer.length > MAX_BUFFER_CHARS) buffer = buffer.slice(buffer.length - MAX_BUFFER_CHARS / 2);
    const parts = (pending[stream] + text).split('\n');
    pending[stream] = parts.pop() ?? '';
    for (const part of parts) onLine(part.replace(/\r$/, ''));
  };
  child.stdout?.on('data', onData('stdout'));
  child.stderr?.on('data', onData('stderr'));

  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      // Wait for the pipes to drain, so that logs() holds everything the process wrote.
      const done = () => {
        if (exit) return;
        for (const stream of ['stdout', 'stderr'] as const) {
          if (pending[stream]) onLine(pending[stream]);
          pending[stream] = '';
        }
        exit = { code, signal };
        live.delete(child);
        file.end(`\n[${options.name} exited: code ${code}, signal ${signal}]\n`);
        for (const listener of [...exitListeners]) listener(exit);
        resolve(exit);
      };
      child.once('close', done);
      setTimeout(done, 1000).unref();
    });
  });

  const tail = (chars = 4000) => (buffer.length > chars ? `…${buffer.slice(-chars)}` : buffer);

  const proc: ManagedProcess = {
    name: options.name,
    pid,
    logFile,
    logs: () => buffer,
    tail,
    exited,
    exitStatus: () => exit,
    waitForLine<T>(match: (line: string) => T | undefined, opts: WaitForLineOptions = {}): Promise<T> {
      const timeoutMs = opts.timeoutMs ?? 60_000;
      const what = opts.what ?? 'the expected output';
      for (const line of lines) {
        const found = match(line);
        if (found !== undefined) return Promise.resolve(found);
      }
      return new Promise<T>((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          lineListeners.delete(onNewLine);
          exitListeners.delete(onExit);
        };
        const onNewLine = (line: string) => {
          const found = match(line);
          if (found === undefined) return;
          cleanup();
          resolve(found);
        };
        const onExit = (e: ProcessExit) => {
          cleanup();
          reject(new Error(`${options.name} (pid ${pid}) exited (code ${e.code}, signal ${e.signal}) before printing ${what}. Log: ${logFile}\n${tail()}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${options.name} (pid ${pid}) did not print ${what} within ${timeoutMs} ms. Log: ${logFile}\n${tail()}`));
        }, timeoutMs);
        lineListeners.add(onNewLine);
        if (exit) onExit(exit);
        else exitListeners.add(onExit);
      });
    },
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (exit) return;
      try {
        process.kill(pid, signal);
      } catch {
        // exited in between
      }
    },
    async stop({ timeoutMs = 10_000 } = {}) {
      if (exit) return exit;
      proc.kill('SIGCONT'); // a frozen process cannot handle SIGTERM
      proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          proc.kill('SIGKILL');
          resolve();
        }, timeoutMs);
      });
      await Promise.race([exited, forced]);
      clearTimeout(timer);
      return exited;
    },
  };
  managed.add(proc);
  void exited.then(() => managed.delete(proc));
  return proc;
}

/** The environment a child starts from: this process's, without the test runner's own variables. */
export function baseEnvironment(drop: (name: string) => boolean = () => false): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (name === 'NODE_OPTIONS' || name.startsWith('VITEST') || name === 'TEST' || drop(name)) continue;
    env[name] = value;
  }
  return env;
}
