import type { SandboxFault } from './types.js';

interface ArmedFault {
  fault: SandboxFault;
  remaining: number;
  method: string | undefined;
  path: RegExp | undefined;
}

/**
 * Faults waiting for the requests they hit. First armed, first served: when two faults match one request only
 * the older one fires, so a test can queue "first a 429, then a 504" on the same path.
 */
export class FaultInjector {
  #armed: ArmedFault[] = [];

  add(fault: SandboxFault): void {
    this.#armed.push({
      fault,
      remaining: fault.times ?? 1,
      method: fault.match.method?.toUpperCase(),
      path: fault.match.path === undefined ? undefined : new RegExp(fault.match.path),
    });
  }

  clear(): void {
    this.#armed = [];
  }

  /** Faults not yet spent. */
  get pending(): number {
    return this.#armed.length;
  }

  /**
   * The fault that hits this request, if any, and spends one of its `times`.
   * `path` is the request path; a query string is cut off so that faults name endpoints, not arguments.
   */
  match(method: string, path: string): SandboxFault | undefined {
    const bare = pathOnly(path);
    const upper = method.toUpperCase();
    const index = this.#armed.findIndex(
      (a) => (a.method === undefined || a.method === upper) && (a.path === undefined || a.path.test(bare)),
    );
    if (index < 0) return undefined;
    const armed = this.#armed[index]!;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#armed.splice(index, 1);
    return armed.fault;
  }
}

export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
