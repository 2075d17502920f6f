/** One named, independent check of the conformance suite. */
export interface ConformanceCheck {
  /** The describe block it belongs to, e.g. "customers". */
  group: string;
  name: string;
  /** Why the check does not apply to this connector (a capability it does not claim); run() is then not called. */
  skip?: string;
  run(): Promise<void>;
}

/** The suite as plain functions, so it can be run by vitest or driven programmatically (the testkit's own tests). */
export interface ConformanceChecks {
  /** Starts the sandbox and builds the HTTP client (vitest: beforeAll). */
  setup(): Promise<void>;
  /** Resets the sandbox and the collected call records (vitest: beforeEach). */
  beforeEach(): Promise<void>;
  /** Closes the sandbox (vitest: afterAll). */
  teardown(): Promise<void>;
  checks: ConformanceCheck[];
}

export function skipUnless(condition: boolean, reason: string): { skip?: string } {
  return condition ? {} : { skip: reason };
}
