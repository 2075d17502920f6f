/**
 * Everything a benchmark starts (child processes, databases, the PostgreSQL server) registers how to stop it here,
 * so that a failed benchmark, Ctrl-C or a time limit still leaves nothing running behind.
 */
type Task = { name: string; run: () => Promise<void> };

const tasks: Task[] = [];

/** Registers a cleanup; answers a function that runs it now (once) and removes it from the list. */
export function onCleanup(name: string, run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const task: Task = {
    name,
    run: () => {
      done ??= run();
      return done;
    },
  };
  tasks.push(task);
  return async () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
    await task.run();
  };
}

/** Runs every registered cleanup, newest first; failures are reported, not thrown. */
export async function cleanupAll(): Promise<void> {
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    try {
      await task.run();
    } catch (error) {
      console.error(`cleanup "${task.name}" failed:`, error);
    }
  }
}
