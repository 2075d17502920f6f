import { randomInt } from 'node:crypto';
import type { SandboxFault } from './types.js';

interface ArmedFault {
  fault: SandboxFault;
  remaining: number;
  method: string | undefined;
  path: RegExp | undefined;
  /** The fault's own draws (probability, jitter), seeded. */
  random: () => number;
}

/** What hits one request: the delay of every latency fault that fired, and the fault that answers it, if any. */
export interface FaultHit {
  /** Milliseconds to wait before the request goes on (probabilistic latency faults, with their jitter). */
  delayMs: number;
  /** The fault that decides the request's fate (a status, an after_write, or a planned latency), if one fired. */
  fault: SandboxFault | undefined;
}

/**
 * mulberry32: a small, fast 32-bit PRNG with a seed, good enough to spread faults over requests reproducibly
 * (not for anything secret).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultInjectorOptions {
  /** Seeds the faults that bring no `seed` of their own (each gets the next draw of this); random when absent. */
  seed?: number;
}

/**
 * Faults waiting for the requests they hit. First armed, first served: when two faults match one request only
 * the older one fires, so a test can queue "first a 429, then a 504" on the same path.
 *
 * A fault with a `probability` is background noise: it hits that share of the matching requests (a seeded draw
 * per request), is not spent unless it has `times`, and a request it spares goes on to the next armed fault.
 * A probabilistic latency fault delays the request and also lets the walk go on, so "10 % 503, 5 % 429 and
 * random latency" combine on one path.
 */
export class FaultInjector {
  #armed: ArmedFault[] = [];
  #seeds: () => number;
  #fired = new Map<string, number>();

  constructor(options: FaultInjectorOptions = {}) {
    this.#seeds = seededRandom(options.seed ?? randomInt(2 ** 31));
  }

  add(fault: SandboxFault): void {
    const seed = fault.seed ?? Math.floor(this.#seeds() * 2 ** 31);
    this.#armed.push({
      fault,
      remaining: fault.times ?? (fault.probability === undefined ? 1 : Number.POSITIVE_INFINITY),
      method: fault.match.method?.toUpperCase(),
      path: fault.match.path === undefined ? undefined : new RegExp(fault.match.path),
      random: seededRandom(seed),
    });
  }

  /** Forgets the armed faults and the hit counts. */
  clear(): void {
    this.#armed = [];
    this.#fired.clear();
  }

  /** Faults not yet spent. */
  get pending(): number {
    return this.#armed.length;
  }

  /** Hits so far by `kind:status` (status and after_write faults) or `kind` (latency), since the last clear. */
  get fired(): Record<string, number> {
    return Object.fromEntries(this.#fired);
  }

  /**
   * Everything that hits this request, spending one of each fired fault's `times`. `path` is the request path;
   * a query string is cut off so that faults name endpoints, not arguments.
   */
  hit(method: string, path: string): FaultHit {
    const bare = pathOnly(path);
    const upper = method.toUpperCase();
    let delayMs = 0;
    for (let i = 0; i < this.#armed.length; i++) {
      const armed = this.#armed[i]!;
      if (armed.method !== undefined && armed.method !== upper) continue;
      if (armed.path !== undefined && !armed.path.test(bare)) continue;
      const { fault } = armed;
      if (fault.probability !== undefined && armed.random() >= fault.probability) continue;
      armed.remaining -= 1;
      if (armed.remaining <= 0) {
        this.#armed.splice(i, 1);
        i -= 1;
      }
      this.#count(fault);
      if (fault.kind === 'latency' && fault.probability !== undefined) {
        delayMs += latencyOf(fault, armed.random);
        continue;
      }
      if (fault.kind === 'latency') delayMs += latencyOf(fault, armed.random);
      return { delayMs, fault };
    }
    return { delayMs, fault: undefined };
  }

  /**
   * The fault that answers this request, if any (`hit(...).fault`). Kept for callers that only need the fault;
   * delays of probabilistic latency faults are not reported here.
   */
  match(method: string, path: string): SandboxFault | undefined {
    return this.hit(method, path).fault;
  }

  #count(fault: SandboxFault): void {
    const key = fault.kind === 'latency' ? 'latency' : `${fault.kind}:${fault.status}`;
    this.#fired.set(key, (this.#fired.get(key) ?? 0) + 1);
  }
}

function latencyOf(fault: Extract<SandboxFault, { kind: 'latency' }>, random: () => number): number {
  return fault.ms + (fault.jitterMs ? Math.floor(random() * (fault.jitterMs + 1)) : 0);
}

export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
