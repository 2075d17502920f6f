/**
 * What the demo started (sandboxes, hub, runtime), stopped in reverse order. Stopping goes on past a failing
 * step, so one stuck part never leaves the embedded PostgreSQL running.
 */
export class Resources {
  readonly #stack: { name: string; stop: () => Promise<void> }[] = [];
  #closing: Promise<string[]> | undefined;

  add(name: string, stop: () => Promise<void>): void {
    this.#stack.push({ name, stop });
  }

  /** Stops everything once; answers what failed to stop (name: reason). */
  close(): Promise<string[]> {
    this.#closing ??= (async () => {
      const failures: string[] = [];
      while (this.#stack.length > 0) {
        const { name, stop } = this.#stack.pop()!;
        try {
          await stop();
        } catch (error) {
          failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return failures;
    })();
    return this.#closing;
  }
}
