import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createSevdeskSandbox, type SevdeskSandbox } from '../sandbox/index.js';
import { type TestConnection, testConnectionTo } from './context.js';

/** The sandbox and connection of one test file: one sandbox for the file, reset and a fresh connection per test. */
export interface SandboxEnvironment {
  readonly sandbox: SevdeskSandbox;
  readonly conn: TestConnection;
}

export function useSandboxConnection(): SandboxEnvironment {
  let sandbox: SevdeskSandbox | undefined;
  let conn: TestConnection | undefined;
  beforeAll(async () => {
    sandbox = await createSevdeskSandbox({ requestsPerSecond: 100 });
  });
  afterAll(() => sandbox?.close());
  beforeEach(async () => {
    await sandbox!.control.reset();
    conn = testConnectionTo(sandbox!);
  });
  return {
    get sandbox() {
      return sandbox!;
    },
    get conn() {
      return conn!;
    },
  };
}
