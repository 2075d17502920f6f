import { readdir, readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux for every mainstream architecture). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself, in ms. */
  ownMs: number;
  /** cutime + cstime: CPU of its children that have exited and been waited for, in ms. */
  childrenMs: number;
}

async function procStat(pid: number): Promise<ProcStat | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after its closing parenthesis.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(fields[i - 3]);
  const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
  return { ppid: n(4), ownMs: ms(n(14) + n(15)), childrenMs: ms(n(16) + n(17)) };
}

/** CPU time (user + system) one process has used so far, in ms. */
export async function processCpuMs(pid: number): Promise<number> {
  return (await procStat(pid))?.ownMs ?? Number.NaN;
}

/**
 * CPU time a process and all its children have used so far, in ms: the live children's own time plus what exited
 * children left in the parent's cumulative counters. For PostgreSQL: pass the postmaster's pid.
 */
export async function processTreeCpuMs(pid: number): Promise<number> {
  const root = await procStat(pid);
  if (!root) return Number.NaN;
  let total = root.ownMs + root.childrenMs;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await procStat(Number(entry));
    if (stat && stat.ppid === pid) total += stat.ownMs;
  }
  return total;
}

/** This process's own CPU so far, in ms. */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
